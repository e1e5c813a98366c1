const partition = (courseId: string) => `COURSE#${courseId}`;
const cataloguePartition = (owner: string) => (owner === "vn" ? "CATALOGUE" : `CATALOGUE#${owner}`);

export const courseKeys = {
  partition,
  /**
   * Course metadata; gsi1 lists published courses by owner and topic, so a learner's catalogue is two queries
   * (the nation's and their province's). National courses keep the partition they had before owners existed.
   */
  meta: (courseId: string) => ({ pk: partition(courseId), sk: "META" }),
  catalogue: (topic: string, courseId: string, owner: string) => ({ gsi1pk: cataloguePartition(owner), gsi1sk: `${topic}#${courseId}` }),
  cataloguePartition,
  /** gsi2: every course a trainer can edit, published or not. */
  authoring: (courseId: string) => ({ gsi2pk: "AUTHORING", gsi2sk: courseId }),
  authoringPartition: "AUTHORING",
  draft: (courseId: string) => ({ pk: partition(courseId), sk: "DRAFT" }),
  version: (courseId: string, version: number) => ({ pk: partition(courseId), sk: `VERSION#${String(version).padStart(6, "0")}` }),
  versionPrefix: "VERSION#",
  /** A publish request (four-eyes publishing): tied to the draft revision it asks to publish. */
  publishRequest: (courseId: string, requestId: string) => ({ pk: partition(courseId), sk: `PUBREQ#${requestId}` }),
  /** gsi1 while a request is pending: the review queue, by owner, oldest first (a province's is a prefix). */
  openRequest: (owner: string, requestedAt: string) => ({ gsi1pk: "PUBREQS#OPEN", gsi1sk: `${owner}#${requestedAt}` }),
  openRequestPartition: "PUBREQS#OPEN",
  /** A large file announced for direct upload (Course.createUpload), until it is completed; expires by TTL. */
  upload: (courseId: string, uploadId: string) => ({ pk: partition(courseId), sk: `UPLOAD#${uploadId}` }),
};

/** Quiz ids are `<courseId>.<moduleId>`: course ids never contain a dot, so the split is unambiguous. */
export function quizId(courseId: string, moduleId: string) {
  return `${courseId}.${moduleId}`;
}

export function parseQuizId(id: string): { courseId: string; moduleId: string } | undefined {
  const match = /^([a-z0-9][a-z0-9-]{1,59})\.([a-z0-9][a-z0-9_-]{0,39})$/.exec(id);
  return match ? { courseId: match[1]!, moduleId: match[2]! } : undefined;
}
