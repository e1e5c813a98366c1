import { defineArea } from "../../i18n";
import vi from "./field-work.vi";

/** Strings of field work (the member's screen and the team's month), shipped in their own chunk. */
export const fieldWorkMessages = defineArea({ vi, en: () => import("./field-work.en") });
