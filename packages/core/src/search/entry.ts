import type { Content } from "../model";

/**
 * What search needs of a published version, built with it at publish (course/publish.ts) and kept on the course's
 * meta item (`searchEntry`), the item the catalogue query already returns: the learner's index is then the same two
 * queries as their catalogue, and a course can only be found where it is listed.
 */
export interface Entry {
  /** The version it was built from: an entry behind the catalogue card's version is rebuilt when read. */
  version: number;
  /** Tags and module titles: words the course is found by besides its title. */
  keywords: string;
  lessons: { lessonId: string; title: string }[];
}

export function entryOf(version: number, content: Pick<Content, "tags" | "modules">): Entry {
  return {
    version,
    keywords: [...content.tags, ...content.modules.map((module) => module.title)].join(" · "),
    lessons: content.modules.flatMap((module) => module.lessons.map((lesson) => ({ lessonId: lesson.id, title: lesson.title }))),
  };
}
