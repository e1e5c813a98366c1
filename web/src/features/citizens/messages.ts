import { defineArea } from "../../i18n";
import { registerMessages } from "../../i18n/register";
import vi from "./citizens.vi";

/** Strings of the resident's registration and of "help a neighbour", on top of the register screen's. */
export const citizenMessages = defineArea({ vi, en: () => import("./citizens.en"), shared: registerMessages });
export type CitizenKey = keyof typeof vi;
