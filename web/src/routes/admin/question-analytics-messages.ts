import { defineArea } from "../../i18n";
import { adminMessages } from "./messages";
import vi from "./question-analytics.vi";

/** Strings of the admin's question analytics screen; the admin area's words are shared. */
export const questionAnalyticsMessages = defineArea({ vi, en: () => import("./question-analytics.en"), shared: adminMessages });
