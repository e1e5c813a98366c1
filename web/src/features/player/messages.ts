import { defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the lesson and question views (shared by the learner app and the trainer's preview). */
export const playerMessages = defineArea({ vi, en: () => import("./messages.en") });
