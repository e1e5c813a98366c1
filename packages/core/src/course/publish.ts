import { createHash } from "node:crypto";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { courseCompetences, issuesCertificates, type PublishRequestState } from "../model";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { entryOf } from "../search/entry";
import { courseKeys, quizId } from "./course.entity";
import { problems } from "./draft";
import { Content, type MediaFile } from "./schema";
import { assertMayEdit, ownerOf, type CourseScopes } from "./scope";
import { forgetCachedVersions, getDraft, getMeta, getVersion, listVersions, notFound, type Actor, type Meta, type Version } from "./store";

/** What a version holds, in 32 hex characters: an unchanged bundle is recognised and not published again. */
export function hashContent(content: Content, media: Record<string, MediaFile>) {
  return createHash("sha256")
    .update(JSON.stringify({ content, media: Object.keys(media).sort() }))
    .digest("hex")
    .slice(0, 32);
}

export const PublishInput = z.object({
  changeSummary: z.string().check(z.trim(), z.minLength(3, "Say in a few words what changed"), z.maxLength(1000)),
  requiresRecertification: z._default(z.boolean(), false),
  /** The draft revision the trainer reviewed: publishing anything else would be a surprise. */
  draftRevision: z.number().check(z.int(), z.minimum(1)),
});

/**
 * One trainer publishes alone only what issues no certificate (a `test` course); everything else goes through a
 * publish request a second person approves (publish-request.ts). Idempotent per draft revision: publishing the
 * same revision again returns the version it already became.
 */
export async function publish(courseId: string, raw: z.input<typeof PublishInput>, actor: Actor, scopes: CourseScopes): Promise<Version> {
  const input = PublishInput.parse(raw);
  const [meta, draft] = await Promise.all([getMeta(courseId), getDraft(courseId)]);
  if (!meta || !draft) throw notFound();
  assertMayEdit(scopes, meta);
  const already = await publishedRevision(meta, input.draftRevision);
  if (already) return already;
  if (issuesCertificates(draft.content)) throw new VisibleError("course.approval_required");
  return publishVersion(courseId, input, actor);
}

/** The version a draft revision already became, if it was published. */
export async function publishedRevision(meta: Meta, draftRevision: number): Promise<Version | undefined> {
  if (meta.lastPublishedDraftRevision !== draftRevision || meta.versionCount < 1) return undefined;
  return getVersion(meta.id, meta.versionCount);
}

/** What an approval adds to the publication's transaction: the request's own update and the meta's copy of it. */
export interface Approval {
  request: PublishRequestState;
  items: (version: number) => NonNullable<TransactWriteCommandInput["TransactItems"]>;
}

/**
 * Publishes the draft as the next immutable version, with no four-eyes check: callers are `publish` (a test
 * course), an approved request, and the import of the shipped curriculum (as the system). Idempotent per
 * draft revision.
 */
export async function publishVersion(courseId: string, raw: z.input<typeof PublishInput>, actor: Actor, approval?: Approval): Promise<Version> {
  const input = PublishInput.parse(raw);
  const [meta, draft] = await Promise.all([getMeta(courseId), getDraft(courseId)]);
  if (!meta || !draft) throw notFound();
  const already = await publishedRevision(meta, input.draftRevision);
  if (already) return already;
  if (draft.revision !== input.draftRevision) {
    throw new VisibleError("course.draft_changed", "The draft changed since you reviewed it. Review it again before publishing.", {
      details: {
        currentRevision: draft.revision,
      },
    });
  }
  const found = problems(draft);
  if (found.length)
    throw new VisibleError("course.not_publishable", `This draft cannot be published yet: ${found[0]!.code} at ${found[0]!.path}.`, { details: found });

  const previous = meta.versionCount > 0 ? await getVersion(courseId, meta.versionCount) : undefined;
  const number = meta.versionCount + 1;
  const publishedAt = new Date().toISOString();
  const content = Content.parse(draft.content);
  const used = usedMedia(content, draft.media);
  // Markdown rendering is only needed when publishing: loaded here, not at every cold start.
  const { learnerCourse, learnerQuiz } = await import("./learner-view");
  const version: Version = {
    courseId,
    version: number,
    line: previous ? previous.line + (input.requiresRecertification ? 1 : 0) : 1,
    changeSummary: input.changeSummary,
    requiresRecertification: input.requiresRecertification,
    withdrawn: false,
    publishedAt,
    publishedBy: actor.userId,
    contentHash: hashContent(content, used),
    content,
    media: used,
    learner: learnerCourse(courseId, { version: number, changeSummary: input.changeSummary, publishedAt }, content, used),
    quizzes: Object.fromEntries(content.modules.map((m) => [quizId(courseId, m.id), learnerQuiz(courseId, number, m, used)])),
  };
  const { doc, table } = db();
  // A test course is published for the trainer to try, never listed for learners: it stays out of the catalogue.
  const curriculum = content.curriculum ?? "optional";
  const listed = curriculum !== "test";
  const catalogueKeys = courseKeys.catalogue(content.topic, courseId, ownerOf(meta));
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { ...courseKeys.version(courseId, number), ...version }, ConditionExpression: "attribute_not_exists(pk)" } },
        {
          Update: {
            TableName: table,
            Key: courseKeys.meta(courseId),
            UpdateExpression:
              "SET latestVersion = :n, versionCount = :n, lastPublishedDraftRevision = :rev, title = :title, summary = :summary, topic = :topic, curriculum = :curriculum, updatedAt = :now, card = :card, searchEntry = :search" +
              (approval ? ", publishRequest = :request" : "") +
              (listed ? ", gsi1pk = :gpk, gsi1sk = :gsk" : " REMOVE gsi1pk, gsi1sk"),
            ConditionExpression: "versionCount = :prev",
            ExpressionAttributeValues: {
              ":n": number,
              ":prev": meta.versionCount,
              ":rev": draft.revision,
              ":title": content.title,
              ":summary": content.summary,
              ":topic": content.topic,
              ":curriculum": curriculum,
              ":now": publishedAt,
              ":card": cardOf(version),
              ":search": entryOf(number, content),
              ...(listed ? { ":gpk": catalogueKeys.gsi1pk, ":gsk": catalogueKeys.gsi1sk } : {}),
              ...(approval ? { ":request": { ...approval.request, version: number } } : {}),
            },
          },
        },
        Audit.entryPut(actor, "course.publish", "courses", courseId, {
          version: number,
          changeSummary: input.changeSummary,
          owner: ownerOf(meta),
          ...(approval ? { requestId: approval.request.id, requestedBy: approval.request.requestedBy } : {}),
        }),
        ...(approval?.items(number) ?? []),
      ],
    }),
  );
  return version;
}

function cardOf(version: Version): NonNullable<Meta["card"]> {
  const { learner } = version;
  return {
    version: version.version,
    moduleCount: learner.modules.length,
    estimatedMinutes: learner.estimatedMinutes,
    sizeBytes: learner.sizeBytes,
    audience: learner.audience,
    ...(learner.cover ? { cover: learner.cover } : {}),
    competences: courseCompetences(version.content),
  };
}

export function usedMedia(content: Content, media: Record<string, MediaFile>) {
  const json = JSON.stringify(content);
  return Object.fromEntries(Object.entries(media).filter(([src]) => json.includes(`"${src}"`)));
}

/** Withdraws a published version; learners on it move to the newest version that is not withdrawn. */
export async function withdraw(courseId: string, versionNumber: number, actor: Actor, scopes: CourseScopes): Promise<Meta> {
  const meta = await getMeta(courseId);
  if (meta) assertMayEdit(scopes, meta);
  const version = await getVersion(courseId, versionNumber);
  if (!meta || !version) throw notFound();
  const versions = await listVersions(courseId);
  const remaining = versions.filter((v) => !v.withdrawn && v.version !== versionNumber).map((v) => v.version);
  const latest = remaining.length ? Math.max(...remaining) : 0;
  const latestVersion = latest ? await getVersion(courseId, latest) : undefined;
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: courseKeys.version(courseId, versionNumber),
            UpdateExpression: "SET withdrawn = :yes",
            ExpressionAttributeValues: { ":yes": true },
          },
        },
        {
          Update: {
            TableName: table,
            Key: courseKeys.meta(courseId),
            ...(latestVersion
              ? {
                  UpdateExpression: "SET latestVersion = :latest, card = :card, searchEntry = :search",
                  ExpressionAttributeValues: { ":latest": latest, ":card": cardOf(latestVersion), ":search": entryOf(latest, latestVersion.content) },
                }
              : { UpdateExpression: "SET latestVersion = :latest REMOVE gsi1pk, gsi1sk, card, searchEntry", ExpressionAttributeValues: { ":latest": 0 } }),
          },
        },
        Audit.entryPut(actor, "course.withdraw", "courses", courseId, { version: versionNumber }),
      ],
    }),
  );
  forgetCachedVersions(courseId);
  return { ...meta, latestVersion: latest };
}
