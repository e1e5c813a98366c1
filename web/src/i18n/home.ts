import { defineArea } from ".";
import { glossary } from "./glossary";
import vi from "./home.vi";

/** Strings of the home screen, shipped in its chunk. */
export const homeMessages = defineArea({ vi, en: () => import("./home.en"), shared: glossary });
