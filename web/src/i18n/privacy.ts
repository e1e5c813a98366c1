import { defineArea } from ".";
import vi from "./privacy.vi";

/** The full privacy notice, shipped with the privacy screen only (it is long). */
export const privacyMessages = defineArea({ vi, en: () => import("./privacy.en") });
