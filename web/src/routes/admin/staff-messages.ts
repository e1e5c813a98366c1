import { type AreaKey, defineArea, type MessageKey, type Translate } from "../../i18n";
import { adminMessages, type AdminKey } from "./messages";
import vi from "./staff.vi";

/** Strings of the staff screen; the admin area's words (and the glossary's role names) are shared. */
export const staffMessages = defineArea({ vi, en: () => import("./staff.en"), shared: adminMessages });

export type StaffKey = AreaKey<typeof staffMessages>;
export type StaffTranslate = Translate<StaffKey | AdminKey | MessageKey>;
