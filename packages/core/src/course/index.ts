export * as Course from "./index";
export { Bundle, Content, CourseId, Lesson, Module, Question, Quiz, Topic, TOPICS } from "./schema";
export type { LearnerCourse, LearnerLesson, LearnerModule, LearnerQuestion, LearnerQuiz } from "./learner-view";
export { parseQuizId, quizId } from "./course.entity";

import { createHash } from "node:crypto";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { queryAll } from "../db/query";
import { VisibleError } from "../error";
import { objects } from "../storage";
import { courseKeys, parseQuizId, quizId } from "./course.entity";
import type { LearnerCourse, LearnerMedia as Course_LearnerMedia, LearnerQuiz } from "./learner-types";
import { Bundle, Content, CourseId, type MediaFile } from "./schema";

export interface Meta {
  id: string;
  title: string;
  topic: Content["topic"];
  summary: string;
  /** Newest published version learners get; 0 while never published (or every version withdrawn). */
  latestVersion: number;
  /** Highest version number ever published (versions are never renumbered). */
  versionCount: number;
  lastPublishedDraftRevision?: number;
  /** Catalogue card facts of the latest version, so the catalogue is one query. */
  card?: { version: number; moduleCount: number; estimatedMinutes: number; sizeBytes: number; cover?: Course_LearnerMedia; audience: Content["audience"] };
  createdAt: string;
  updatedAt: string;
}

export interface Draft {
  courseId: string;
  revision: number;
  content: Content;
  /** Media the draft references, by src (`media/<hash>.<ext>`), with their sizes. */
  media: Record<string, MediaFile>;
  updatedAt: string;
  updatedBy: string;
}

export interface Version {
  courseId: string;
  version: number;
  /** Certificates are per line: a version that requires re-certification starts a new line. */
  line: number;
  changeSummary: string;
  requiresRecertification: boolean;
  withdrawn: boolean;
  publishedAt: string;
  publishedBy: string;
  contentHash: string;
  content: Content;
  media: Record<string, MediaFile>;
  learner: LearnerCourse;
  quizzes: Record<string, LearnerQuiz>;
}

export interface Actor {
  userId: string;
  address?: string;
}

const notFound = () => new VisibleError("not-found", "course.not_found", "This course does not exist.");

function hashContent(content: Content, media: Record<string, MediaFile>) {
  return createHash("sha256").update(JSON.stringify({ content, media: Object.keys(media).sort() })).digest("hex").slice(0, 32);
}

export async function getMeta(courseId: string): Promise<Meta | undefined> {
  if (!CourseId.safeParse(courseId).success) return undefined;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: courseKeys.meta(courseId) }));
  return Item as Meta | undefined;
}

export async function getDraft(courseId: string): Promise<Draft | undefined> {
  if (!CourseId.safeParse(courseId).success) return undefined;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: courseKeys.draft(courseId), ConsistentRead: true }));
  return Item as Draft | undefined;
}

/**
 * Published versions are immutable, and every learning write needs one (to grade and to check completion),
 * so each process keeps recently used versions for a minute: the only thing that can change, `withdrawn`,
 * is picked up within that minute. A version item is tens of KB, so this saves most of a write's read units.
 */
const VERSION_CACHE_MS = 60_000;
const VERSION_CACHE_SIZE = 64;
const versionCache = new Map<string, { at: number; version: Version }>();

export async function getVersion(courseId: string, version: number): Promise<Version | undefined> {
  if (!CourseId.safeParse(courseId).success || !Number.isInteger(version) || version < 1) return undefined;
  const cacheKey = `${courseId}#${version}#${db().table}`;
  const hit = versionCache.get(cacheKey);
  if (hit && Date.now() - hit.at < VERSION_CACHE_MS) return hit.version;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: courseKeys.version(courseId, version) }));
  if (!Item) return undefined;
  versionCache.delete(cacheKey);
  versionCache.set(cacheKey, { at: Date.now(), version: Item as Version });
  if (versionCache.size > VERSION_CACHE_SIZE) versionCache.delete(versionCache.keys().next().value!);
  return Item as Version;
}

/** Forgets cached versions (after a withdrawal in this process, and in tests). */
export function forgetCachedVersions(courseId?: string) {
  for (const key of versionCache.keys()) if (!courseId || key.startsWith(`${courseId}#`)) versionCache.delete(key);
}

export async function listVersions(courseId: string) {
  const items = await queryAll<Version>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": courseKeys.meta(courseId).pk, ":prefix": courseKeys.versionPrefix },
    ProjectionExpression: "courseId, version, line, changeSummary, requiresRecertification, withdrawn, publishedAt, publishedBy",
  });
  return items;
}

/** The published catalogue: one query over the catalogue index, then the latest version of each course. */
export async function catalogue(): Promise<Meta[]> {
  return queryAll<Meta>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": courseKeys.cataloguePartition },
  });
}

/** Every course a trainer can edit (published or not). */
export async function authoringList(): Promise<Meta[]> {
  return queryAll<Meta>({
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :pk",
    ExpressionAttributeValues: { ":pk": courseKeys.authoringPartition },
  });
}

export const SaveDraftInput = z.object({
  content: Content,
  /** The revision the trainer started from; a stale revision is a conflict, not a silent overwrite. */
  baseRevision: z.number().check(z.int(), z.minimum(0)),
});

/**
 * Saves a draft. Creating a course is saving revision 1 of a new id. A retry of the same save (same base
 * revision, same content) is recognised and answered with the stored draft.
 */
export async function saveDraft(courseId: string, raw: z.input<typeof SaveDraftInput>, actor: Actor, media?: Record<string, MediaFile>): Promise<Draft> {
  const id = CourseId.parse(courseId);
  const input = SaveDraftInput.parse(raw);
  const existing = await getDraft(id);
  const currentRevision = existing?.revision ?? 0;
  if (input.baseRevision !== currentRevision) {
    if (existing && input.baseRevision === currentRevision - 1 && JSON.stringify(existing.content) === JSON.stringify(input.content)) return existing;
    throw new VisibleError("conflict", "course.draft_changed", "Someone else changed this draft since you opened it. Reload it and apply your changes again.", {
      currentRevision,
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
          UpdateExpression: "SET title = :title, summary = :summary, topic = :topic, updatedAt = :now",
          ExpressionAttributeValues: { ":title": input.content.title, ":summary": input.content.summary, ":topic": input.content.topic, ":now": now },
        },
      }
    : {
        Put: {
          TableName: table,
          Item: {
            ...courseKeys.meta(id),
            ...courseKeys.authoring(id),
            id,
            title: input.content.title,
            summary: input.content.summary,
            topic: input.content.topic,
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

export interface Problem {
  path: string;
  message: string;
}

/** Everything that stops a draft from being published, each with where it is. Empty means publishable. */
export function problems(draft: Pick<Draft, "content" | "media">): Problem[] {
  const out: Problem[] = [];
  const { content, media } = draft;
  const parsed = Content.safeParse(content);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  }
  if (content.modules.length === 0) out.push({ path: "modules", message: "A course needs at least one module" });
  const moduleIds = new Set<string>();
  const lessonIds = new Set<string>();
  const questionIds = new Set<string>();
  const checkMedia = (src: string | undefined, path: string) => {
    if (src && src.startsWith("media/") && !media[src]) out.push({ path, message: `The file ${src} has not been uploaded` });
  };
  checkMedia(content.cover?.src, "cover");
  content.modules.forEach((module, m) => {
    const at = `modules.${m}`;
    if (moduleIds.has(module.id)) out.push({ path: `${at}.id`, message: `Module id "${module.id}" is used twice` });
    moduleIds.add(module.id);
    if (module.lessons.length === 0) out.push({ path: `${at}.lessons`, message: `Module "${module.title}" has no lessons` });
    module.lessons.forEach((lesson, l) => {
      const lat = `${at}.lessons.${l}`;
      if (lessonIds.has(lesson.id)) out.push({ path: `${lat}.id`, message: `Lesson id "${lesson.id}" is used twice` });
      lessonIds.add(lesson.id);
      if (lesson.kind === "image") checkMedia(lesson.image.src, `${lat}.image`);
      if (lesson.kind === "slides") lesson.slides.forEach((s, i) => checkMedia(s.src, `${lat}.slides.${i}`));
      if (lesson.kind === "video") {
        checkMedia(lesson.video.src, `${lat}.video`);
        checkMedia(lesson.video.poster?.src, `${lat}.video.poster`);
        checkMedia(lesson.video.captions, `${lat}.video.captions`);
      }
      if (lesson.kind === "audio") checkMedia(lesson.audio.src, `${lat}.audio`);
    });
    const quiz = module.quiz;
    const asked = quiz.drawCount ?? quiz.questions.length;
    if (quiz.questions.length < 5) out.push({ path: `${at}.quiz.questions`, message: `The quiz of "${module.title}" needs at least 5 questions (it has ${quiz.questions.length})` });
    if (quiz.drawCount !== null && quiz.drawCount > quiz.questions.length) {
      out.push({ path: `${at}.quiz.drawCount`, message: `The quiz draws ${quiz.drawCount} questions but only has ${quiz.questions.length}` });
    }
    if (asked > 0 && Math.ceil((quiz.passPercent / 100) * asked) > asked) out.push({ path: `${at}.quiz.passPercent`, message: "The pass mark cannot be reached" });
    if (quiz.reviewPolicy === "after-submit") {
      out.push({ path: `${at}.quiz.reviewPolicy`, message: "This quiz counts towards the certificate, so it cannot show the answers before it is passed" });
    }
    quiz.questions.forEach((q, i) => {
      if (questionIds.has(q.id)) out.push({ path: `${at}.quiz.questions.${i}.id`, message: `Question id "${q.id}" is used twice` });
      questionIds.add(q.id);
      checkMedia(q.image?.src, `${at}.quiz.questions.${i}.image`);
    });
  });
  return out;
}

export const PublishInput = z.object({
  changeSummary: z.string().check(z.trim(), z.minLength(3, "Say in a few words what changed"), z.maxLength(1000)),
  requiresRecertification: z._default(z.boolean(), false),
  /** The draft revision the trainer reviewed: publishing anything else would be a surprise. */
  draftRevision: z.number().check(z.int(), z.minimum(1)),
});

/**
 * Publishes the draft as the next immutable version. Idempotent per draft revision: publishing the same
 * revision again returns the version it already became.
 */
export async function publish(courseId: string, raw: z.input<typeof PublishInput>, actor: Actor): Promise<Version> {
  const input = PublishInput.parse(raw);
  const [meta, draft] = await Promise.all([getMeta(courseId), getDraft(courseId)]);
  if (!meta || !draft) throw notFound();
  if (meta.lastPublishedDraftRevision === input.draftRevision && meta.versionCount > 0) {
    const published = await getVersion(courseId, meta.versionCount);
    if (published) return published;
  }
  if (draft.revision !== input.draftRevision) {
    throw new VisibleError("conflict", "course.draft_changed", "The draft changed since you reviewed it. Review it again before publishing.", {
      currentRevision: draft.revision,
    });
  }
  const found = problems(draft);
  if (found.length) throw new VisibleError("input", "course.not_publishable", `This draft cannot be published yet: ${found[0]!.message}.`, found);

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
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { ...courseKeys.version(courseId, number), ...version }, ConditionExpression: "attribute_not_exists(pk)" } },
        {
          Update: {
            TableName: table,
            Key: courseKeys.meta(courseId),
            UpdateExpression:
              "SET latestVersion = :n, versionCount = :n, lastPublishedDraftRevision = :rev, title = :title, summary = :summary, topic = :topic, updatedAt = :now, gsi1pk = :gpk, gsi1sk = :gsk, card = :card",
            ConditionExpression: "versionCount = :prev",
            ExpressionAttributeValues: {
              ":n": number,
              ":prev": meta.versionCount,
              ":rev": draft.revision,
              ":title": content.title,
              ":summary": content.summary,
              ":topic": content.topic,
              ":now": publishedAt,
              ":card": cardOf(version),
              ":gpk": courseKeys.catalogue(content.topic, courseId).gsi1pk,
              ":gsk": courseKeys.catalogue(content.topic, courseId).gsi1sk,
            },
          },
        },
        Audit.entryPut(actor, "course.publish", "courses", courseId, { version: number, changeSummary: input.changeSummary }),
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
  };
}

function usedMedia(content: Content, media: Record<string, MediaFile>) {
  const json = JSON.stringify(content);
  return Object.fromEntries(Object.entries(media).filter(([src]) => json.includes(`"${src}"`)));
}

/** Withdraws a published version; learners on it move to the newest version that is not withdrawn. */
export async function withdraw(courseId: string, versionNumber: number, actor: Actor): Promise<Meta> {
  const meta = await getMeta(courseId);
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
        { Update: { TableName: table, Key: courseKeys.version(courseId, versionNumber), UpdateExpression: "SET withdrawn = :yes", ExpressionAttributeValues: { ":yes": true } } },
        {
          Update: {
            TableName: table,
            Key: courseKeys.meta(courseId),
            ...(latestVersion
              ? { UpdateExpression: "SET latestVersion = :latest, card = :card", ExpressionAttributeValues: { ":latest": latest, ":card": cardOf(latestVersion) } }
              : { UpdateExpression: "SET latestVersion = :latest REMOVE gsi1pk, gsi1sk, card", ExpressionAttributeValues: { ":latest": 0 } }),
          },
        },
        Audit.entryPut(actor, "course.withdraw", "courses", courseId, { version: versionNumber }),
      ],
    }),
  );
  forgetCachedVersions(courseId);
  return { ...meta, latestVersion: latest };
}

/** The learner view of a published version, or 404 for unknown, unpublished or withdrawn ones. */
export async function learnerVersion(courseId: string, version: number): Promise<Version> {
  const found = await getVersion(courseId, version);
  if (!found || found.withdrawn) throw notFound();
  return found;
}

export async function latest(courseId: string): Promise<Version> {
  const meta = await getMeta(courseId);
  if (!meta || meta.latestVersion < 1) throw notFound();
  return learnerVersion(courseId, meta.latestVersion);
}

/** Finds a quiz's module (with answers) in a version, for grading. */
export function quizModule(version: Version, id: string) {
  const parsed = parseQuizId(id);
  const module = parsed && parsed.courseId === version.courseId ? version.content.modules.find((m) => m.id === parsed.moduleId) : undefined;
  if (!module) throw new VisibleError("not-found", "quiz.not_found", "This quiz does not exist.");
  return module;
}

const EXTENSIONS: Record<string, string> = {
  "image/svg+xml": "svg",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/ogg": "ogg",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "text/vtt": "vtt",
};

/** Upload limits per kind, checked on the server whatever the client says. */
export const MEDIA_LIMITS: Record<string, number> = {
  image: 2 * 1024 * 1024,
  audio: 10 * 1024 * 1024,
  video: 50 * 1024 * 1024,
  text: 200 * 1024,
};

export function mediaKind(contentType: string) {
  return contentType.split("/")[0] === "text" ? "text" : (contentType.split("/")[0] ?? "");
}

/** Stores a media file under its content hash (immutable, deduplicated) and returns its reference. */
export async function storeMedia(bytes: Uint8Array, contentType: string): Promise<MediaFile & { src: string }> {
  const extension = EXTENSIONS[contentType];
  if (!extension) {
    throw new VisibleError("input", "media.type_not_allowed", `Files of type ${contentType} are not allowed. Use SVG, PNG, JPEG or WebP images, MP3/M4A/OGG audio, MP4/WebM video, or VTT captions.`);
  }
  const limit = MEDIA_LIMITS[mediaKind(contentType)] ?? 0;
  if (bytes.byteLength > limit) {
    throw new VisibleError("input", "media.too_large", `This file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit for this kind is ${limit / 1024 / 1024} MB.`);
  }
  const actual = sniff(bytes);
  if (actual !== contentType) {
    throw new VisibleError("input", "media.type_mismatch", `The file's content is not ${contentType}${actual ? ` (it looks like ${actual})` : ""}.`);
  }
  // Loaded on demand: the XML parser stays out of the API's cold start.
  if (contentType === "image/svg+xml") (await import("./svg")).assertSafe(bytes);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  const key = `media/${hash}.${extension}`;
  if (!(await objects().exists(key))) await objects().put(key, bytes, contentType);
  return { src: key, key, bytes: bytes.byteLength, contentType };
}

export function contentTypeOf(fileName: string): string | undefined {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  return Object.entries(EXTENSIONS).find(([, ext]) => ext === extension || (ext === "jpg" && extension === "jpeg"))?.[0];
}

/**
 * Imports a course bundle (docs/course-bundle.md): uploads its media, saves the draft and publishes it when
 * it differs from the latest version. Idempotent, so `npm start` can run it on every start.
 */
export async function importBundle(rawBundle: unknown, readMedia: (path: string) => Promise<Uint8Array>, actor: Actor): Promise<{ version: number; published: boolean }> {
  const parsed = Bundle.safeParse(rawBundle);
  if (!parsed.success) {
    throw new VisibleError("input", "course.bundle_invalid", `The course bundle is not valid: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`, parsed.error.issues);
  }
  const { format: _format, id, changeSummary, ...content } = parsed.data;
  const media: Record<string, MediaFile> = {};
  const renamed = new Map<string, string>();
  for (const src of new Set(JSON.stringify(content).match(/"media\/[A-Za-z0-9._-]+"/g)?.map((s) => s.slice(1, -1)) ?? [])) {
    const contentType = contentTypeOf(src);
    if (!contentType) throw new VisibleError("input", "media.type_not_allowed", `${src}: unknown file type`);
    const stored = await storeMedia(await readMedia(src), contentType);
    media[stored.src] = { key: stored.key, bytes: stored.bytes, contentType };
    renamed.set(src, stored.src);
  }
  const rewritten = Content.parse(JSON.parse(JSON.stringify(content).replace(/"media\/[A-Za-z0-9._-]+"/g, (m) => `"${renamed.get(m.slice(1, -1)) ?? m.slice(1, -1)}"`)));
  const meta = await getMeta(id);
  if (meta && meta.versionCount > 0) {
    const current = await getVersion(id, meta.versionCount);
    if (current && current.contentHash === hashContent(rewritten, usedMedia(rewritten, media))) return { version: current.version, published: false };
  }
  const existing = await getDraft(id);
  const draft = await saveDraft(id, { content: rewritten, baseRevision: existing?.revision ?? 0 }, actor, media);
  const version = await publish(id, { changeSummary, draftRevision: draft.revision }, actor);
  return { version: version.version, published: true };
}

/** Exports a published version (or the draft) as a bundle plus its media files. */
export async function exportBundle(courseId: string, versionNumber?: number) {
  const source = versionNumber ? await getVersion(courseId, versionNumber) : await getDraft(courseId);
  if (!source) throw notFound();
  const files: Record<string, string> = {};
  for (const [src, file] of Object.entries(source.media)) {
    const object = await objects().get(file.key);
    if (object) files[src] = Buffer.from(object.body).toString("base64");
  }
  const changeSummary = "changeSummary" in source ? source.changeSummary : "Bản nháp";
  return { bundle: { format: "kns-course@1" as const, id: courseId, changeSummary, ...source.content }, files };
}

/** Copies a course (e.g. the citizens' version from the members' version) into a new draft. */
export async function duplicate(courseId: string, newId: string, actor: Actor, changes: Partial<Pick<Content, "title" | "audience">> = {}): Promise<Draft> {
  const id = CourseId.parse(newId);
  const source = await getDraft(courseId);
  if (!source) throw notFound();
  if (await getMeta(id)) throw new VisibleError("conflict", "course.id_taken", `A course with the id ${id} already exists.`);
  return saveDraft(id, { content: { ...source.content, ...changes }, baseRevision: 0 }, actor, source.media);
}

/**
 * Stores an uploaded file (type and size checked here, whatever the client claimed) and registers it with
 * the course's draft, so the draft can reference it and publishing knows its size.
 */
export async function attachMedia(courseId: string, bytes: Uint8Array, contentType: string, actor: Actor) {
  const stored = await storeMedia(bytes, contentType);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: courseKeys.draft(courseId),
            UpdateExpression: "SET media.#src = :file",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#src": stored.src },
            ExpressionAttributeValues: { ":file": { key: stored.key, bytes: stored.bytes, contentType: stored.contentType } },
          },
        },
        Audit.entryPut(actor, "course.media.upload", "courses", courseId, { src: stored.src, bytes: stored.bytes }),
      ],
    }),
  );
  return { src: stored.src, bytes: stored.bytes, contentType: stored.contentType, url: `/api/v1/${stored.src}` };
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

/** What a file's first bytes say it is; uploads whose bytes do not match their declared type are refused. */
function sniff(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 64));
  const ascii = head.toString("latin1");
  if (head[0] === 0x89 && ascii.slice(1, 4) === "PNG") return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return "image/webp";
  if (ascii.startsWith("OggS")) return "audio/ogg";
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return "video/webm";
  if (ascii.slice(4, 8) === "ftyp") return /M4A|M4B/.test(ascii.slice(8, 12)) ? "audio/mp4" : "video/mp4";
  if (ascii.startsWith("ID3") || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return "audio/mpeg";
  if (ascii.replace(/^\uFEFF/, "").startsWith("WEBVTT")) return "text/vtt";
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(Buffer.from(bytes.subarray(0, 1024)).toString("utf8"))) return "image/svg+xml";
  return undefined;
}

export const UploadInput = z.object({
  contentType: z.string().check(z.minLength(3), z.maxLength(100)),
  bytes: z.number().check(z.int(), z.positive()),
  fileName: z.optional(z.string().check(z.maxLength(200))),
});

const UPLOAD_SECONDS = 15 * 60;

/**
 * Step 1 of a large upload (audio, video): checks the declared type and size, and answers with a short-lived
 * URL the browser PUTs the file to directly (S3 in AWS, the local store here), so the file never passes
 * through the API function.
 */
export async function createUpload(courseId: string, raw: z.input<typeof UploadInput>, actor: Actor) {
  const input = UploadInput.parse(raw);
  if (!(await getDraft(courseId))) throw notFound();
  const contentType = input.contentType.split(";")[0]!.trim().toLowerCase();
  if (!EXTENSIONS[contentType]) throw new VisibleError("input", "media.type_not_allowed", `Files of type ${contentType} are not allowed.`);
  const limit = MEDIA_LIMITS[mediaKind(contentType)] ?? 0;
  if (input.bytes > limit) throw new VisibleError("input", "media.too_large", `This file is ${(input.bytes / 1024 / 1024).toFixed(1)} MB; the limit for this kind is ${limit / 1024 / 1024} MB.`);
  const uploadId = crypto.randomUUID();
  const key = `uploads/${uploadId}`;
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { pk: `COURSE#${courseId}`, sk: `UPLOAD#${uploadId}`, contentType, bytes: input.bytes, key, createdBy: actor.userId, expiresAt: Math.floor(Date.now() / 1000) + 24 * 3600 },
          },
        },
      ],
    }),
  );
  return { uploadId, uploadUrl: await objects().signedUploadUrl(key, contentType, input.bytes, UPLOAD_SECONDS), method: "PUT" as const, headers: { "content-type": contentType }, expiresIn: UPLOAD_SECONDS };
}

/**
 * Step 2: the server checks what actually arrived (size and the file's own bytes, not the client's word),
 * stores it as course media and registers it with the draft. Repeating it returns the same result.
 */
export async function completeUpload(courseId: string, uploadId: string, actor: Actor) {
  const { doc, table } = db();
  const key = { pk: `COURSE#${courseId}`, sk: `UPLOAD#${uploadId}` };
  const { Item: upload } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  if (!upload) throw new VisibleError("not-found", "media.upload_not_found", "This upload does not exist or has expired.");
  if (upload.result) return upload.result as Awaited<ReturnType<typeof attachMedia>>;
  const object = await objects().get(upload.key as string);
  if (!object) throw new VisibleError("input", "media.upload_missing", "The file has not been uploaded yet.");
  if (object.body.byteLength !== upload.bytes) throw new VisibleError("input", "media.size_mismatch", "The uploaded file does not have the size that was announced.");
  const actual = sniff(object.body);
  if (actual !== upload.contentType) {
    throw new VisibleError("input", "media.type_mismatch", `The file's content is not ${upload.contentType}${actual ? ` (it looks like ${actual})` : ""}.`);
  }
  const result = await attachMedia(courseId, object.body, upload.contentType as string, actor);
  await doc.send(new UpdateCommand({ TableName: table, Key: key, UpdateExpression: "SET #result = :result", ExpressionAttributeNames: { "#result": "result" }, ExpressionAttributeValues: { ":result": result } }));
  await objects().remove(upload.key as string);
  return result;
}
