import { defineArea } from "../../i18n";
import { adminMessages } from "./messages";
import vi from "./competences.vi";

/** Strings of the admin's "skills learned" screen; the admin area's words are shared. */
export const competencesMessages = defineArea({ vi, en: () => import("./competences.en"), shared: adminMessages });
