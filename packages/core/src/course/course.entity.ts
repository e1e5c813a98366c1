export const courseKeys = {
  /** Course metadata; gsi1 lists published courses by topic (the catalogue is one query). */
  meta: (courseId: string) => ({ pk: `COURSE#${courseId}`, sk: "META" }),
  catalogue: (topic: string, courseId: string) => ({ gsi1pk: "CATALOGUE", gsi1sk: `${topic}#${courseId}` }),
  cataloguePartition: "CATALOGUE",
  /** gsi1 for every course a trainer can edit, published or not. */
  authoring: (courseId: string) => ({ gsi2pk: "AUTHORING", gsi2sk: courseId }),
  authoringPartition: "AUTHORING",
  draft: (courseId: string) => ({ pk: `COURSE#${courseId}`, sk: "DRAFT" }),
  version: (courseId: string, version: number) => ({ pk: `COURSE#${courseId}`, sk: `VERSION#${String(version).padStart(6, "0")}` }),
  versionPrefix: "VERSION#",
};

/** Quiz ids are `<courseId>.<moduleId>`: course ids never contain a dot, so the split is unambiguous. */
export function quizId(courseId: string, moduleId: string) {
  return `${courseId}.${moduleId}`;
}

export function parseQuizId(id: string): { courseId: string; moduleId: string } | undefined {
  const match = /^([a-z0-9][a-z0-9-]{1,59})\.([a-z0-9][a-z0-9_-]{0,39})$/.exec(id);
  return match ? { courseId: match[1]!, moduleId: match[2]! } : undefined;
}
