import { type AreaKey, defineArea, format, type MessageKey, type Params, type Translate } from "../../i18n";
import { glossary } from "../../i18n/glossary";
import vi from "./messages.vi";

/** Strings of the admin area (admins and team leaders): the Vietnamese ship with its chunks, the English apart. */
export const adminMessages = defineArea({ vi, en: () => import("./messages.en"), shared: glossary });

export type AdminKey = AreaKey<typeof adminMessages>;
export type AdminTranslate = Translate<AdminKey | MessageKey>;

/** Reminder texts a member receives, always in Vietnamese (the members' language), whatever the admin reads. */
type ReminderKey = "nudge.teamMessage" | "nudge.memberMessage";
export const reminderText = (key: ReminderKey, params: Params) => format(vi[key], params);
