import { type AreaKey, defineArea } from "../../i18n";
import { adminMessages } from "./messages";
import vi from "./unit-search.vi";

/** Strings of the unit search (its screen and the box on a unit's dashboard); the admin area's words are shared. */
export const unitSearchMessages = defineArea({ vi, en: () => import("./unit-search.en"), shared: adminMessages });

export type UnitSearchKey = AreaKey<typeof unitSearchMessages>;
