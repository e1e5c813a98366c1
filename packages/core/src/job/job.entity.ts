/** Storage keys for background jobs. Access patterns: see packages/core/README.md. */
export const jobKeys = {
  job: (id: string) => ({ pk: `JOB#${id}`, sk: "JOB" }),
  /** gsi1, only while a job is queued or running: a restarted local server finds what it was doing. */
  active: (createdAt: string) => ({ gsi1pk: "JOBS#ACTIVE", gsi1sk: createdAt }),
  activePartition: "JOBS#ACTIVE",
};
