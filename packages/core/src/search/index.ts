export * as Search from "./index";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Session } from "../auth";
import { Course } from "../course";
import { courseKeys } from "../course/course.entity";
import { db } from "../db/client";
import { searchIndex, type Audience, type SearchIndex, type SearchItem } from "../model";
import { User } from "../user";
import { entryOf, type Entry } from "./entry";

export { entryOf, type Entry } from "./entry";

/** Letter 2251 plans each course in two versions: citizens see the citizens' ones, everyone else the members'. */
export const learnerAudience = (roles: readonly User.Role[]): Audience => (roles.includes("citizen") && !User.countsAsMember(roles) ? "citizens" : "members");

type Listed = Course.Meta & { searchEntry?: Entry };

/**
 * The search index of the courses a person's catalogue lists (GET /courses): the nation's and their province's,
 * of their audience, never a `test` course (those are never on the catalogue index). Two queries; a course
 * published before search existed has its entry built from its version once, here, and stored.
 */
export async function index(session: Pick<Session, "roles" | "unitId">): Promise<SearchIndex> {
  const audience = learnerAudience(session.roles);
  const metas = (await Course.catalogue(await Course.learnerOwners(session.unitId))) as Listed[];
  const listed = metas.filter((meta) => meta.card && meta.card.audience === audience);
  const courses = await Promise.all(
    listed.map(async (meta) => {
      const entry = await entryFor(meta);
      return { courseId: meta.id, title: meta.title, keywords: entry.keywords, lessons: entry.lessons };
    }),
  );
  return { courses };
}

/** The results of a query over a person's index, best first (model/search.ts says how words match). */
export async function find(session: Pick<Session, "roles" | "unitId">, query: string): Promise<SearchItem[]> {
  return searchIndex(await index(session), query);
}

/** A listed course's entry: the stored one, or one built from the card's version and stored unless it changed meanwhile. */
async function entryFor(meta: Listed): Promise<Entry> {
  const current = meta.card!.version;
  if (meta.searchEntry?.version === current) return meta.searchEntry;
  const version = await Course.getVersion(meta.id, current);
  const entry = entryOf(current, version?.content ?? { tags: [], modules: [] });
  if (!version) return entry;
  const { doc, table } = db();
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: courseKeys.meta(meta.id),
        UpdateExpression: "SET searchEntry = :entry",
        ConditionExpression: "card.#version = :version",
        ExpressionAttributeNames: { "#version": "version" },
        ExpressionAttributeValues: { ":entry": entry, ":version": current },
      }),
    );
  } catch (error) {
    // A newer version was published meanwhile, with its own entry: this one is still right for this answer.
    if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
  }
  return entry;
}
