import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A short random id (lowercase, URL- and key-safe, no `#` or `/`), e.g. for units created by admins. */
export function newId(prefix = "", length = 12): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return prefix + out;
}

export const SAFE_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/;
