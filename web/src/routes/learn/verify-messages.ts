import { defineArea } from "../../i18n";
import vi from "./verify-messages.vi";

/** Strings of the public certificate check (kept apart: people scanning a QR code load only these). */
export const verifyMessages = defineArea({ vi, en: () => import("./verify-messages.en") });
