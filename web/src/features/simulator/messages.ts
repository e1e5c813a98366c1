import { defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the scam simulator's player: they ship in its own lazy chunk, loaded when a scenario lesson opens. */
export const simulatorMessages = defineArea({ vi, en: () => import("./messages.en") });
