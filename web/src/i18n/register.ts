import { defineArea } from ".";
import vi from "./register.vi";

/** Strings of the registration screen, shipped in its chunk. */
export const registerMessages = defineArea({ vi, en: () => import("./register.en") });
