import { defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the notification settings, loaded with that section only. */
export const notifyMessages = defineArea({ vi, en: () => import("./messages.en") });
