import type { Session } from "../auth";
import { metric } from "../log";
import { RateLimit } from "../rate-limit";
import { objects } from "../storage";
import * as Job from "./index";

/**
 * A spreadsheet import too large to run inline (members, teams): the file is stored as CSV and a job queued, run
 * from that file by the worker, and followed by the admin who asked. One mechanism for every kind of import.
 */
export interface UploadParams extends Record<string, unknown> {
  key: string;
  session: Session;
  address?: string;
}

/**
 * Stores the file and queues the job. The rows are counted against the admin's hourly limit now, when they
 * ask; the job itself (which may be retried after a crash) is not limited again.
 */
export async function queue<P extends UploadParams>(input: {
  kind: "import" | "team_import";
  csv: string;
  rows: number;
  /** The rate-limit bucket for this kind's rows. */
  limitKey: string;
  /** Where the file is stored, from the job id. */
  fileKey: (id: string) => string;
  session: Session;
  address?: string;
  extra?: Omit<P, keyof UploadParams>;
}): Promise<Job.Info<P>> {
  const { session } = input;
  await RateLimit.hit(`${input.limitKey}:${session.userId}`, RateLimit.rules.importRowsPerAdmin, Date.now(), input.rows);
  const id = crypto.randomUUID();
  const key = input.fileKey(id);
  await objects().put(key, input.csv, "text/csv; charset=utf-8");
  const { job } = await Job.create<P>({
    id,
    kind: input.kind,
    requestedBy: session.userId,
    unitId: session.unitId!,
    params: { key, session, address: input.address, ...input.extra } as P,
  });
  return job;
}

/**
 * Runs a queued import from its stored file. `run` must be safe to repeat (rows already done count as
 * unchanged), because a job that crashed is run again.
 */
export async function run<P extends UploadParams, R extends object>(
  jobId: string,
  importCsv: (csv: string, params: P, onProgress: (done: number, total: number) => Promise<void>) => Promise<R>,
): Promise<void> {
  const job = await Job.get<P, R>(jobId);
  if (!job || job.status === "done") return;
  await Job.update(jobId, { status: "running" });
  const started = performance.now();
  const file = await objects().get(job.params.key);
  if (!file) {
    await Job.update(jobId, { status: "failed", error: "The uploaded file is no longer available." });
    return;
  }
  try {
    const outcome = await importCsv(new TextDecoder().decode(file.body), job.params, async (done, total) => {
      await Job.update(jobId, { progress: Math.floor((done / Math.max(1, total)) * 99) });
    });
    await Job.update(jobId, { status: "done", progress: 100, result: outcome as unknown as Record<string, unknown> });
    metric({ ImportCompleted: 1, ImportDurationMs: Math.round(performance.now() - started) });
  } catch (err) {
    await Job.update(jobId, { status: "failed", error: (err as Error).message });
    throw err;
  }
}

/** A queued import's state and, when done, its outcome, for the admin who started it (anyone else: not found). */
export async function status<R>(kind: "import" | "team_import", jobId: string, viewer: Session) {
  const job = await Job.statusFor<UploadParams, R>(kind, jobId, viewer);
  return { id: job.id, status: job.status, progress: job.progress, result: job.result, error: job.error, createdAt: job.createdAt };
}
