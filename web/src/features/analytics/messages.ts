import { type AreaKey, defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the analytics view, loaded with the trainer's or the admin's analytics screen only. */
export const analyticsMessages = defineArea({ vi, en: () => import("./messages.en") });

export type AnalyticsKey = AreaKey<typeof analyticsMessages>;
