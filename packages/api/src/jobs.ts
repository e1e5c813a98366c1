import { CompletionList } from "@kns/core/completion-list";
import { MemberImport } from "@kns/core/member-import";
import { Reorganise } from "@kns/core/reorganise";
import { TeamImport } from "@kns/core/team-import";
import type { Job } from "@kns/core/job";
import * as z from "zod/mini";
import "@kns/core/zod-locale";

/** Background job messages; each kind's work lives with its domain in core, this only dispatches. */
export const JobMessage = z.object({ kind: z.enum(["export", "import", "team_import", "merge"]), id: z.uuid() });

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
  }
}
