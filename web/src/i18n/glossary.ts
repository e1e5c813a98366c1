import { defineArea } from ".";
import vi from "./glossary.vi";

/** The shared words (see glossary.vi.ts), in a chunk of their own that every area's strings build on. */
export const glossary = defineArea({ vi, en: () => import("./glossary.en") });
