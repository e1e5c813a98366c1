import { createHash } from "node:crypto";
import * as z from "zod/mini";
import "../zod-locale";
import { Job } from "../job";
import { log, security } from "../log";
import { NOTIFY_LIMITS } from "../model";
import { Notify } from "../notify";
import { RateLimit } from "../rate-limit";
import { User } from "../user";
import { Phone, maskPhone } from "../user/phone";

/**
 * Self-service password reset: the person asks for a 6-digit code, which is sent to the phone they registered
 * (push, Zalo or SMS: Notify.deliver's `urgent` path) and then used at POST /auth/reset like a code an admin
 * issued, ending every session. The answer is the same whether or not the number has an account, so nobody
 * learns who is registered; the code lives 30 minutes, works once, and voids itself after ten wrong tries. An
 * admin's code stays the fallback when no channel reaches the person.
 */

export const ResetRequestInput = z.object({ phone: Phone });

export const resetRequestRules = {
  perPhone: { limit: NOTIFY_LIMITS.resetCodesPerHour, windowSeconds: 3600 },
  perAddress: { limit: 20, windowSeconds: 3600 },
} satisfies Record<string, RateLimit.Rule>;

export async function requestResetCode(raw: z.input<typeof ResetRequestInput>, address = "unknown"): Promise<{ sent: true }> {
  const { phone } = ResetRequestInput.parse(raw);
  await RateLimit.hit(`reset-request-address:${address}`, resetRequestRules.perAddress);
  await RateLimit.hit(`reset-request-phone:${phone}`, resetRequestRules.perPhone);
  const id = await User.idByPhone(phone);
  const user = id ? await User.get(id) : undefined;
  if (!user?.active || user.pending) {
    // Someone typed a number with no usable account: nothing is sent, and the answer does not say so.
    security("auth.reset_code_requested", { phone: maskPhone(phone), outcome: "no-account" });
    return { sent: true };
  }
  const { code } = await User.issueCode("reset", user, { userId: user.id, address }, { selfService: true });
  const message: Notify.Message = {
    userId: user.id,
    kind: "password_reset",
    text: `Kỹ Năng Số: mã đặt lại mật khẩu của bạn là ${code}. Mã dùng một lần, hết hạn sau 30 phút. Không đưa mã này cho ai, kể cả người xưng là cán bộ.`,
    // In full: an SMS cannot open a relative link. The page fills the phone in.
    url: `${(process.env.PUBLIC_URL ?? "").replace(/\/$/, "")}/reset-password?phone=${phone}`,
    key: `reset:${user.id}:${createHash("sha256").update(code).digest("hex").slice(0, 16)}`,
    urgent: true,
  };
  try {
    const { sent } = await Notify.deliver(message);
    security("auth.reset_code_requested", { userId: user.id, outcome: sent.length ? `sent-${sent.join("+")}` : "no-channel" });
  } catch (err) {
    // The channel failed: the queue tries again (a code that arrives late still works for 30 minutes).
    log.warn("auth.reset_code_delivery_failed", { userId: user.id, error: String((err as Error).message ?? err) });
    await Job.enqueue({ kind: "notify", message: { ...message } });
  }
  return { sent: true };
}
