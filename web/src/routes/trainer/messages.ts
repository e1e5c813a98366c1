import { defineArea, type AreaKey } from "../../i18n";
import { glossary } from "../../i18n/glossary";
import vi from "./messages.vi";

/** Strings of the trainer area: the Vietnamese ship with its chunks (never in the learner's first load), the English apart. */
export const trainerMessages = defineArea({ vi, en: () => import("./messages.en"), shared: glossary });

export type TrainerKey = AreaKey<typeof trainerMessages>;
