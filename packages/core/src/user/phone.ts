import * as z from "zod/mini";
import "../zod-locale";
import { normalisePhone } from "../model/phone";

/** The rule is the model's (model/phone.ts), shared with the phone's forms. */
export { normalisePhone, maskPhone } from "../model/phone";

export const Phone = z.pipe(
  z.string().check(z.maxLength(20, "Phone number is too long")),
  z.transform((raw: string, ctx) => {
    const phone = normalisePhone(raw);
    if (!phone) {
      // A mini transform's context has no `addIssue`; the issue is pushed as classic zod's would have made it.
      ctx.issues.push({ code: "custom", message: "Enter a Vietnamese mobile number, e.g. 0912 345 678", input: raw });
      return z.NEVER;
    }
    return phone;
  }),
);
