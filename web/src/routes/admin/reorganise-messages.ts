import { type AreaKey, defineArea, type MessageKey, type Translate } from "../../i18n";
import { adminMessages, type AdminKey } from "./messages";
import vi from "./reorganise.vi";

/** Strings of the reorganise screen and of an archived unit's page; the admin area's words are shared. */
export const reorganiseMessages = defineArea({ vi, en: () => import("./reorganise.en"), shared: adminMessages });

export type ReorganiseKey = AreaKey<typeof reorganiseMessages>;
export type ReorganiseTranslate = Translate<ReorganiseKey | AdminKey | MessageKey>;
