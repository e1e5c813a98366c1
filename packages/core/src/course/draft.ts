import { contentProblems, reviewDates, type ContentProblem } from "../model";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { courseKeys, quizId } from "./course.entity";
import { Content, CourseId, type MediaFile } from "./schema";
import { NATION, assertMayEdit, assertMayOwn, assertMayRead, covers, homeOwner, ownerOf, type CourseScopes } from "./scope";
import { getDraft, getMeta, mustGetDraft, mustGetMeta, type Actor, type Draft, type Meta } from "./store";

export const SaveDraftInput = z.object({
  content: Content,
  /** The revision the trainer started from; a stale revision is a conflict, not a silent overwrite. */
  baseRevision: z.number().check(z.int(), z.minimum(0)),
});

/**
 * Saves a draft. Creating a course is saving revision 1 of a new id. A retry of the same save (same base
 * revision, same content) is recognised and answered with the stored draft.
 */
export async function saveDraft(
  courseId: string,
  raw: z.input<typeof SaveDraftInput>,
  actor: Actor,
  media?: Record<string, MediaFile>,
  owner: string = NATION,
): Promise<Draft> {
  const id = CourseId.parse(courseId);
  const input = SaveDraftInput.parse(raw);
  const existing = await getDraft(id);
  const currentRevision = existing?.revision ?? 0;
  if (input.baseRevision !== currentRevision) {
    if (existing && input.baseRevision === currentRevision - 1 && JSON.stringify(existing.content) === JSON.stringify(input.content)) return existing;
    throw new VisibleError("course.draft_changed", "Someone else changed this draft since you opened it. Reload it and apply your changes again.", {
      details: {
        currentRevision,
      },
    });
  }
  const now = new Date().toISOString();
  const draft: Draft = {
    courseId: id,
    revision: currentRevision + 1,
    content: input.content,
    media: { ...(existing?.media ?? {}), ...(media ?? {}) },
    updatedAt: now,
    updatedBy: actor.userId,
  };
  const { doc, table } = db();
  const metaUpdate = existing
    ? {
        Update: {
          TableName: table,
          Key: courseKeys.meta(id),
          UpdateExpression: "SET title = :title, summary = :summary, topic = :topic, reviewDates = :reviews, updatedAt = :now",
          ExpressionAttributeValues: {
            ":title": input.content.title,
            ":summary": input.content.summary,
            ":topic": input.content.topic,
            ":reviews": reviewDates(input.content),
            ":now": now,
          },
        },
      }
    : {
        Put: {
          TableName: table,
          Item: {
            ...courseKeys.meta(id),
            ...courseKeys.authoring(id),
            id,
            owner,
            title: input.content.title,
            summary: input.content.summary,
            topic: input.content.topic,
            reviewDates: reviewDates(input.content),
            latestVersion: 0,
            versionCount: 0,
            createdAt: now,
            updatedAt: now,
          } satisfies Record<string, unknown> & Meta,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...courseKeys.draft(id), ...draft },
            ConditionExpression: existing ? "revision = :base" : "attribute_not_exists(pk)",
            ...(existing ? { ExpressionAttributeValues: { ":base": currentRevision } } : {}),
          },
        },
        metaUpdate,
        Audit.entryPut(actor, existing ? "course.draft.save" : "course.create", "courses", id, { revision: draft.revision }),
      ],
    }),
  );
  return draft;
}

const idTaken = (id: string) => new VisibleError("course.id_taken", `A course with the id ${id} already exists.`);

/** A new course: revision 1 of its draft, under an id no course has, in the author's scope (or one they name inside it). */
export async function create(courseId: string, content: Content, actor: Actor, scopes: CourseScopes, owner = homeOwner(scopes)): Promise<Draft> {
  if (!owner) throw new VisibleError("course.out_of_scope", "You cannot create courses.");
  assertMayOwn(scopes, owner);
  if (await getMeta(courseId)) throw idTaken(courseId);
  return saveDraft(courseId, { content, baseRevision: 0 }, actor, undefined, owner);
}

/** Saves the draft of a course that exists and is in the author's scope (a new course is made with `create`). */
export async function updateDraft(courseId: string, raw: z.input<typeof SaveDraftInput>, actor: Actor, scopes: CourseScopes): Promise<Draft> {
  assertMayEdit(scopes, await mustGetMeta(courseId));
  return saveDraft(courseId, raw, actor);
}

/** The meta of a course this person may read in authoring (404 otherwise): every route reading a course starts here. */
export async function mustRead(courseId: string, scopes: CourseScopes): Promise<Meta> {
  const meta = await mustGetMeta(courseId);
  assertMayRead(scopes, meta);
  return meta;
}

/** The meta of a course this person may change (404 when they may not even read it, 403 when only read). */
export async function mustEdit(courseId: string, scopes: CourseScopes): Promise<Meta> {
  const meta = await mustGetMeta(courseId);
  assertMayEdit(scopes, meta);
  return meta;
}

export type Problem = ContentProblem;

/**
 * Everything that stops a draft from being published, each with where it is, as codes and params (the model's
 * content problems, which the trainer's editor also runs as they type). Empty means publishable.
 */
export function problems(draft: Pick<Draft, "content" | "media">): Problem[] {
  return contentProblems(draft.content, draft.media);
}

/**
 * Copies a course (e.g. the citizens' version from the members' version, or a province's own version of a
 * national course) into a new draft. The copy stays in the source's scope when the author edits there, else it
 * goes to the author's own scope.
 */
export async function duplicate(
  courseId: string,
  newId: string,
  actor: Actor,
  scopes: CourseScopes,
  changes: Partial<Pick<Content, "title" | "audience">> = {},
): Promise<Draft> {
  const id = CourseId.parse(newId);
  const meta = await mustRead(courseId, scopes);
  const owner = covers(scopes.edits, ownerOf(meta)) ? ownerOf(meta) : homeOwner(scopes);
  if (!owner) throw new VisibleError("course.out_of_scope", "You cannot create courses.");
  const source = await mustGetDraft(courseId);
  if (await getMeta(id)) throw idTaken(id);
  return saveDraft(id, { content: { ...source.content, ...changes }, baseRevision: 0 }, actor, source.media, owner);
}

/** How a draft would look to a learner (unsaved content allowed), for the trainer's live preview. */
export async function preview(courseId: string, content: Content, media: Record<string, MediaFile>) {
  const { learnerCourse, learnerQuiz } = await import("./learner-view");
  const now = new Date().toISOString();
  return {
    course: learnerCourse(courseId, { version: 0, changeSummary: "", publishedAt: now }, content, media),
    quizzes: Object.fromEntries(content.modules.map((m) => [quizId(courseId, m.id), learnerQuiz(courseId, 0, m, media)])),
  };
}

/** The preview of unsaved content with the media of a course's draft. */
export async function previewDraft(courseId: string, content: Content) {
  const draft = await mustGetDraft(courseId);
  return preview(courseId, content, draft.media);
}
