import { type AreaKey, defineArea, type MessageKey, type Translate } from "../../i18n";
import { adminMessages, type AdminKey } from "./messages";
import vi from "./team-ranking.vi";

/** Strings of the team ranking screen and the team's badges; the admin area's words are shared. */
export const rankingMessages = defineArea({ vi, en: () => import("./team-ranking.en"), shared: adminMessages });

export type RankingKey = AreaKey<typeof rankingMessages>;
export type RankingTranslate = Translate<RankingKey | AdminKey | MessageKey>;
