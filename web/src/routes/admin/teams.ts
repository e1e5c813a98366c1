import { type AreaKey, defineArea, type MessageKey, type Translate } from "../../i18n";
import { adminMessages, type AdminKey } from "./messages";
import vi from "./teams.vi";

/** Strings of the bulk team screen and the join code sheet; the admin area's words are shared. */
export const teamMessages = defineArea({ vi, en: () => import("./teams.en"), shared: adminMessages });

export type TeamKey = AreaKey<typeof teamMessages>;
export type TeamTranslate = Translate<TeamKey | AdminKey | MessageKey>;
