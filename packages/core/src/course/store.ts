import type { Competence, Curriculum, PublishRequestState, VersionInfo } from "../model";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { courseKeys, parseQuizId } from "./course.entity";
import type { LearnerCourse, LearnerMedia as Course_LearnerMedia, LearnerQuiz } from "../model/learner";
import { CourseId, type Content, type MediaFile } from "./schema";

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
  /** The latest version's place in the programme (absent on courses published before it existed: optional). */
  curriculum?: Curriculum;
  /** Catalogue card facts of the latest version, so the catalogue is one query. */
  card?: {
    version: number;
    moduleCount: number;
    estimatedMinutes: number;
    sizeBytes: number;
    cover?: Course_LearnerMedia;
    audience: Content["audience"];
    /** The competences the version teaches (model/competence.ts); absent on cards from before tags. */
    competences?: Competence[];
  };
  /** The nation ("vn") or a province's unit id (course/scope.ts); absent on courses from before owners: national. */
  owner?: string;
  /** The newest publish request and where it stands (four-eyes publishing, course/publish-request.ts). */
  publishRequest?: PublishRequestState;
  /** How many of the draft's lessons were last reviewed on each day ("never" for never): model/currency.ts `lessonsDue`. */
  reviewDates?: Record<string, number>;
  /** How many publish requests were ever made: the next one's number. */
  requestCount?: number;
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

/** A published version: what the versions list shows (the wire's VersionInfo; its `line` counts certificates), and the frozen content. */
export interface Version extends VersionInfo {
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

export const notFound = (message = "This course does not exist.") => new VisibleError("course.not_found", message);

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

export async function mustGetMeta(courseId: string): Promise<Meta> {
  const meta = await getMeta(courseId);
  if (!meta) throw notFound();
  return meta;
}

/** The draft of a course, or 404: every course has one from its creation on. */
export async function mustGetDraft(courseId: string): Promise<Draft> {
  const draft = await getDraft(courseId);
  if (!draft) throw notFound();
  return draft;
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

/** Any version, withdrawn or not, as trainers see it; 404 for one that does not exist. */
export async function mustGetVersion(courseId: string, version: number): Promise<Version> {
  const found = await getVersion(courseId, version);
  if (!found) throw notFound("This version does not exist.");
  return found;
}

/** Forgets cached versions (after a withdrawal in this process, and in tests). */
export function forgetCachedVersions(courseId?: string) {
  for (const key of versionCache.keys()) if (!courseId || key.startsWith(`${courseId}#`)) versionCache.delete(key);
}

export async function listVersions(courseId: string) {
  return queryPartition<Omit<Version, "contentHash" | "content" | "media" | "learner" | "quizzes">>(courseKeys.partition(courseId), {
    prefix: courseKeys.versionPrefix,
    attributes: ["courseId", "version", "line", "changeSummary", "requiresRecertification", "withdrawn", "publishedAt", "publishedBy"],
  });
}

/** The version history a trainer sees, or 404 for an unknown course. */
export async function versionHistory(courseId: string) {
  await mustGetMeta(courseId);
  return listVersions(courseId);
}

/**
 * The published catalogue of some owners (the nation's by default; a learner's adds their province's): one
 * query per owner over the catalogue index (the card facts are on each meta item).
 */
export async function catalogue(owners: readonly string[] = ["vn"]): Promise<Meta[]> {
  const lists = await Promise.all(owners.map((owner) => queryPartition<Meta>(courseKeys.cataloguePartition(owner), { index: "gsi1" })));
  return lists.flat();
}

/**
 * The courses a unit's completion rate counts (docs/effectiveness.md): national core curriculum, the same for
 * every province so their figures compare. Dashboards, team pages and completion lists all take their courses
 * from here, so their numbers agree.
 */
export async function counted(): Promise<Meta[]> {
  return (await catalogue()).filter((course) => course.curriculum === "core");
}

/** Every course a trainer can edit (published or not). */
export async function authoringList(): Promise<Meta[]> {
  return queryPartition<Meta>(courseKeys.authoringPartition, { index: "gsi2" });
}

/** The learner view of a published version, or 404 for unknown, unpublished or withdrawn ones. */
export async function learnerVersion(courseId: string, version: number): Promise<Version> {
  const found = await getVersion(courseId, version);
  if (!found || found.withdrawn) throw notFound();
  return found;
}

/** The newest published version; `known`: the course's meta item when the caller has just read it (one read fewer). */
export async function latest(courseId: string, known?: Meta): Promise<Version> {
  const meta = known?.id === courseId ? known : await getMeta(courseId);
  // A test course exists for its trainer's preview only: learners never start it.
  if (!meta || meta.latestVersion < 1 || meta.curriculum === "test") throw notFound();
  return learnerVersion(courseId, meta.latestVersion);
}

/** Finds a quiz's module (with answers) in a version, for grading. */
export function quizModule(version: Version, id: string) {
  const parsed = parseQuizId(id);
  const module = parsed && parsed.courseId === version.courseId ? version.content.modules.find((m) => m.id === parsed.moduleId) : undefined;
  if (!module) throw new VisibleError("quiz.not_found", "This quiz does not exist.");
  return module;
}
