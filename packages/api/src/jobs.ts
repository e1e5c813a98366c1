import { CompletionList } from "@kns/core/completion-list";
import { MemberImport } from "@kns/core/member-import";
import { Notify } from "@kns/core/notify";
import { Reminder } from "@kns/core/reminder";
import { Reorganise } from "@kns/core/reorganise";
import { TeamImport } from "@kns/core/team-import";
import type { Job } from "@kns/core/job";
import * as z from "zod/mini";
import "@kns/core/zod-locale";

/** Background job messages; each kind's work lives with its domain in core, this only dispatches. */
export const JobMessage = z.union([
  z.object({ kind: z.enum(["export", "import", "team_import", "merge", "broadcast"]), id: z.uuid() }),
  z.object({ kind: z.literal("notify"), message: z.record(z.string(), z.unknown()), attempt: z.optional(z.int()) }),
  z.object({ kind: z.literal("reminders"), id: z.uuid(), attempt: z.optional(z.int()) }),
]);

export async function runJob(raw: unknown): Promise<void> {
  const message: Job.Message = JobMessage.parse(raw);
  switch (message.kind) {
    case "export":
      return CompletionList.run(message.id);
    case "import":
      return MemberImport.runJob(message.id);
    case "team_import":
      return TeamImport.runJob(message.id);
    case "merge":
      return Reorganise.runMerge(message.id);
    case "broadcast":
      return Reminder.runBroadcast(message.id);
    case "reminders":
      // One batch of the day's reminders (a few dozen teams): claims and sends, safe to run again.
      return Reminder.runBatch(message.id);
    case "notify":
      // A message whose channel failed: delivering again sends only the channels not yet sent (notify/deliver.ts).
      await Notify.deliver(message.message as unknown as Notify.Message);
      return;
  }
}
