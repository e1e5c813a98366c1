import { z } from "zod";

/** Background job messages. Each kind's handler lives with its domain in core; this only dispatches. */
export const JobMessage = z.discriminatedUnion("kind", [z.object({ kind: z.literal("noop"), id: z.string() })]);
export type JobMessage = z.infer<typeof JobMessage>;

export async function runJob(raw: unknown): Promise<void> {
  const message = JobMessage.parse(raw);
  switch (message.kind) {
    case "noop":
      return;
  }
}
