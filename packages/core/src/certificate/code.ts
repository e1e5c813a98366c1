import { randomInt } from "node:crypto";
import { CODE_ALPHABET, CODE_BODY_LENGTH, checkCharacter } from "../model/certificate-code";

/** Certificate codes: the alphabet and the check character are the model's (model/certificate-code.ts). */
export { formatCode, normaliseCode } from "../model/certificate-code";

export function generateCode(): string {
  let body = "";
  for (let i = 0; i < CODE_BODY_LENGTH; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return body + checkCharacter(body);
}
