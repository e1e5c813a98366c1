import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * Schemas use `zod/mini`, which (unlike classic zod) loads no locale: its messages would all be "Invalid input",
 * and the API returns them in 400 responses. Every module that builds a schema imports this one for its side
 * effect. It exports nothing on purpose: re-exporting the `z` namespace would make bundlers keep all of zod,
 * every locale included, instead of the functions the code calls.
 */
z.config(en());
