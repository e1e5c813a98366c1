import { type AreaKey, defineArea, type MessageKey, type Translate } from "../../i18n";
import vi from "./campaigns.vi";
import { adminMessages, type AdminKey } from "./messages";

/** Strings of the campaign screens; the admin area's words are shared. */
export const campaignMessages = defineArea({ vi, en: () => import("./campaigns.en"), shared: adminMessages });

export type CampaignKey = AreaKey<typeof campaignMessages>;
export type CampaignTranslate = Translate<CampaignKey | AdminKey | MessageKey>;
