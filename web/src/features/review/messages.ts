import { defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the review deck (loaded with it, when it is opened). */
export const reviewMessages = defineArea({ vi, en: () => import("./messages.en") });
