/**
 * The API's response and request shapes (the wire types), for the routes (which check their answers against
 * them with `satisfies`) and the web app. Types only. See shared/API.md for the parts others rely on.
 */
import type { Competence } from "./competence";
import type { Content, Curriculum, MediaFile, Topic } from "./content";
import type { LearnerCourse, LearnerQuiz } from "./learner";
import type { ErrorCode } from "./errors";
import type { ImportRowError } from "./member-import";
import type { TeamImportRowError, TeamImportTeam } from "./team-import";
import type { Role } from "./people";
import type { StaffGrant } from "./staff";
import type { ContentProblem } from "./problems";

export type { LearnerCourse, LearnerDraw, LearnerLesson, LearnerMedia, LearnerModule, LearnerQuestion, LearnerQuiz } from "./learner";

export interface User {
  id: string;
  phone: string;
  fullName: string;
  roles: Role[];
  unitId: string | null;
  /** A citizen's commune (citizens hold no unit: they are in no team). */
  communeId?: string;
  /** Staff roles held per unit (model/staff.ts); absent on accounts that hold only what `roles` and `unitId` say. */
  grants?: StaffGrant[];
  active: boolean;
  pending?: boolean;
  consent?: { at: string; policyVersion: string };
  createdAt: string;
}

/**
 * POST /auth/register: a team member with their team's join code, or a resident (`audience: "citizen"`) with
 * their commune's official code. A team member sends their own token too when registering a neighbour.
 */
export type RegisterRequest = { phone: string; password: string; fullName: string; consent: true } & (
  | { audience?: "member"; joinCode: string }
  | { audience: "citizen"; communeCode: string }
);

export interface SessionResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

/** GET /courses */
export interface CourseCard {
  id: string;
  title: string;
  topic: Topic;
  summary: string;
  version: number;
  moduleCount: number;
  estimatedMinutes: number;
  sizeBytes: number;
  audience: "members" | "citizens";
  /** Core courses count in the learner's unit's completion rate (docs/effectiveness.md). */
  curriculum: Curriculum;
  cover?: LearnerCourse["cover"];
  /** The version this learner started, if any. */
  myVersion?: number;
  completed: boolean;
}

/** GET /courses */
export interface CourseList {
  items: CourseCard[];
}

export interface QuizState {
  attempts: number;
  bestPercent: number;
  passed: boolean;
  lastAttemptAt: string;
}

/** GET /courses/:courseId — the learner's version of the course, and their progress in it. */
export interface CourseDetail extends LearnerCourse {
  latestVersion: number;
  newerVersions: { version: number; changeSummary: string; publishedAt: string; requiresRecertification: boolean }[];
  progress: {
    percent: number;
    completedLessons: string[];
    quizzes: Record<string, QuizState>;
    completedAt?: string;
    certificateCode?: string;
  };
}

/** POST /quizzes/:quizId/attempts */
export interface AttemptRequest {
  attemptId: string;
  /**
   * `seconds`: time spent on the question, 0…ANSWER_SECONDS_MAX whole seconds (model/question-analytics.ts), for
   * the trainers' median time; older apps send none.
   */
  answers: { questionId: string; optionIds: string[]; seconds?: number }[];
  answeredAt?: string;
  /** For a quiz that draws from a pool: the set this attempt answers (LearnerQuiz.draws). */
  drawToken?: string;
}

export interface AttemptResult {
  attemptId: string;
  quizId: string;
  courseId: string;
  version: number;
  scorePercent: number;
  passed: boolean;
  correctCount: number;
  questionCount: number;
  results: { questionId: string; correct: boolean; correctOptionIds?: string[]; explanation?: string }[];
  attemptNumber: number;
  attemptsLeft: number | null;
  courseCompleted: boolean;
  certificateCode?: string;
  gradedAt: string;
}

/** POST /progress: a lesson read to its end, or a scam-simulator scenario played to an ending. */
export type ProgressEvent = LessonCompletedEvent | ScenarioPlayedEvent;

export interface LessonCompletedEvent {
  id: string;
  type: "lesson.completed";
  courseId: string;
  lessonId: string;
  at?: string;
}

/**
 * A play through a scenario lesson: the choice ids in order, from the start to an ending. The server replays
 * them (playScenario) against the version played, if it is on the learner's certificate line, else against the
 * learner's version; a safe ending completes the lesson, a scammed one is recorded as a play that did not.
 */
export interface ScenarioPlayedEvent {
  id: string;
  type: "scenario.played";
  courseId: string;
  lessonId: string;
  path: string[];
  /** The course version the phone played (its saved copy may be older than the newest). Absent from older apps. */
  version?: number;
  at?: string;
}

export interface ProgressResponse {
  accepted: string[];
  rejected: { id: string; code: string; message: string }[];
  /** How each accepted scenario play ended, as the server graded it. */
  plays?: { id: string; lessonId: string; endingId: string; outcome: "safe" | "scammed" }[];
}

/** GET /me/progress */
export interface MyProgress {
  courses: { courseId: string; version: number; percent: number; completed: boolean; completedAt?: string; lastActivityAt: string }[];
}

/** GET /me/certificates */
export interface MyCertificates {
  /** recertificationAvailable: a newer version requires re-certification (POST /courses/:id/switch to start it). */
  items: {
    code: string;
    courseId: string;
    courseTitle: string;
    version: number;
    line: number;
    issuedAt: string;
    recertificationAvailable: boolean;
    /** The competences the course version teaches (model/competence.ts); absent on certificates from before tags. */
    competences?: Competence[];
  }[];
}

/** GET /verify/:code (public) */
export interface Verification {
  valid: boolean;
  status: "valid" | "revoked";
  code: string;
  /** Partly masked; a neutral phrase when the holder deleted their account (then `holderDeleted`). */
  holderName: string;
  holderDeleted?: boolean;
  courseTitle: string;
  courseId: string;
  version: number;
  issuedAt: string;
  unitName: string;
  line: number;
  /** The course has since been re-certified: valid, but for an earlier version. */
  earlierVersion: boolean;
  revokedAt?: string;
  revokedReason?: string;
  /** The competences the course version teaches (model/competence.ts); absent on certificates from before tags. */
  competences?: Competence[];
}

/** GET /verify/public-key */
export interface PublicKey {
  algorithm: "Ed25519";
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
}

export type UnitKind = "nation" | "province" | "district" | "commune" | "village" | "team";

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  path: string;
  joinCode?: string;
  createdAt: string;
  updatedAt: string;
  /** Other codes that lead to this unit: old codes, and the codes of units merged into it (docs/reorganisation.md). */
  aliases?: string[];
  /** Set on an archived unit that was merged into another. */
  mergedInto?: string;
  archivedAt?: string;
  /** A merge of this unit under way: it takes no new children or members until the job ends. */
  mergingInto?: { unitId: string; jobId: string };
  /** Earlier names and codes, oldest first. */
  history?: { at: string; name: string; code: string }[];
}

export type UnitRef = Pick<Unit, "id" | "name" | "code" | "kind">;

/** GET /admin/units/:unitId/merge?into=: what a merge would move, for the confirmation. */
export interface MergePreview {
  unit: UnitRef;
  into: UnitRef;
  children: number;
  people: number;
  members: number;
  completed: number;
  codes: string[];
}

/** GET /admin/jobs/:id: any background job, as the admin who asked for it follows it. */
export interface JobStatus {
  id: string;
  kind: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  unitId: string;
  result: Record<string, unknown> | null;
  error: string | null;
}

export interface ReportRow {
  unitId: string;
  code: string;
  name: string;
  kind: UnitKind;
  /** Learners counted in the rate: members and team leaders, active and activated (docs/effectiveness.md). */
  members: number;
  /** Member accounts created by an admin and not activated yet: shown apart, in no rate. */
  pending: number;
  /** Residents registered as citizens in the subtree's communes: shown apart, in no member figure or rate. */
  citizens: number;
  /** Completions of the counted courses (core curriculum, or the one course asked for). */
  completed: number;
  percent: number;
  completedByCourse: Record<string, number>;
  activeThisMonth: number;
  /** People or households the subtree's members helped (field work), all time. */
  helped: number;
  averageScore: number | null;
  lastActivityAt: string | null;
  rank?: number;
}

/** GET /units/provinces, GET /units/provinces/:code/communes: official codes and names, sorted by name. */
export interface PlaceList {
  items: { code: string; name: string }[];
}

/** GET /admin/units/:unitId/report?courseId= */
export interface UnitReport {
  unit: ReportRow;
  courseId: string | null;
  courses: string[];
  children: ReportRow[];
  series: { day: string; completed: number }[];
}

/** GET /admin/units/:unitId/members */
export interface TeamMembers {
  unit: { unitId: string; name: string; kind: UnitKind };
  /** The counted courses (the same as the dashboard's); `members` are learners only, staff-only accounts left out. */
  courses: { id: string; title: string }[];
  members: {
    id: string;
    fullName: string;
    phone: string;
    roles: Role[];
    active: boolean;
    pending: boolean;
    lastActivityAt: string | null;
    courses: Record<string, { completed: boolean; completedAt: string | null; lessons: number; averageScore: number | null }>;
  }[];
}

/** GET /admin/exports/:id */
export interface ExportStatus {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  params: { unitId: string; courseId?: string; format: "csv" | "xlsx"; includePhones: boolean };
  rows?: number;
  error?: string;
  /** Set when the export failed for a reason the admin can act on, e.g. `export.too_many_rows` (shared/API.md). */
  errorCode?: ErrorCode;
  downloadUrl?: string;
  createdAt: string;
}

/** GET /admin/imports/:id — files over 200 rows are imported in the background (POST answers 202 {id}). */
export interface ImportJobStatus {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  result?: ImportOutcome;
  error?: string;
  createdAt: string;
}

/** POST /admin/members/import?dryRun= */
export interface ImportOutcome {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

/** POST /admin/teams/import?dryRun= — teams in bulk (files over 200 rows run in the background: 202 {id}). */
export interface TeamImportOutcome {
  dryRun: boolean;
  rows: number;
  /** Teams created (would be created, in a dry run), and teams that already existed. */
  created: number;
  unchanged: number;
  leadersCreated: number;
  leadersAssigned: number;
  teams: TeamImportTeam[];
  errors: TeamImportRowError[];
}

/** GET /admin/teams/imports/:id */
export interface TeamImportJobStatus {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  result?: TeamImportOutcome;
  error?: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  /** The actor's current full name (null when the account was deleted). */
  actorName: string | null;
  action: string;
  unitId: string;
  target?: string;
  address?: string;
  details?: Record<string, unknown>;
}

/** GET /authoring/courses */
export interface AuthoringCourse {
  id: string;
  title: string;
  topic: Topic;
  summary: string;
  latestVersion: number;
  versionCount: number;
  updatedAt: string;
  createdAt: string;
  /** The unit the course belongs to: the nation ("vn") or a province (docs/authoring.md). */
  owner: string;
  /** The caller may change it; otherwise they may read and duplicate it (a national course, for a province trainer). */
  mayEdit: boolean;
  /** The newest publish request and where it stands. */
  publishRequest?: PublishRequestState;
  /** How many of the draft's lessons were last reviewed on each day ("never" for never): `lessonsDue` counts those due. */
  reviewDates?: Record<string, number>;
}

/** Where a publish request stands (four-eyes publishing, docs/authoring.md). */
export interface PublishRequestState {
  id: string;
  /** `replaced`: the author asked again for a newer draft before anyone reviewed this one. */
  status: "pending" | "approved" | "returned" | "replaced";
  draftRevision: number;
  requestedBy: string;
  requestedAt: string;
  reviewedBy?: string;
  reviewedAt?: string;
  /** Why it was returned. */
  comment?: string;
  /** The version it became, once approved. */
  version?: number;
}

/** GET /authoring/publish-requests (the review queue) */
export interface PublishRequest extends PublishRequestState {
  courseId: string;
  courseTitle: string;
  owner: string;
  changeSummary: string;
  requiresRecertification: boolean;
  requesterName: string | null;
}

/** A question as a reviewer reads it: every option, the right ones marked (for ordering: each step's place). */
export interface DiffQuestion {
  kind: string;
  prompt: string;
  options: { id: string; text: string; correct: boolean; position?: number }[];
  explanation: string;
}

export type DiffChange = "added" | "removed" | "changed";

/** What a draft changes against the published version (version 0: nothing published yet). */
export interface ContentDiff {
  baseVersion: number;
  title?: { before: string; after: string };
  modules: { id: string; title: string; change: DiffChange }[];
  lessons: { moduleId: string; lessonId: string; title: string; change: DiffChange }[];
  questions: { moduleId: string; moduleTitle: string; questionId: string; change: DiffChange; before?: DiffQuestion; after?: DiffQuestion }[];
}

/** GET /authoring/publish-requests/:id */
export interface PublishRequestDetail extends PublishRequest {
  /** The draft changed after the request: it can only be returned, not approved. */
  stale: boolean;
  currentRevision: number;
  diff: ContentDiff;
}

/** GET and PUT /authoring/courses/:id/draft */
export interface Draft {
  courseId: string;
  revision: number;
  content: Content;
  media: Record<string, MediaFile>;
  updatedAt: string;
  updatedBy: string;
  problems: ContentProblem[];
  /** GET only: the newest publish request of the course and where it stands. */
  publishRequest?: PublishRequestState;
}

/** GET /authoring/courses/:id/versions */
export interface VersionInfo {
  courseId: string;
  version: number;
  line: number;
  changeSummary: string;
  requiresRecertification: boolean;
  withdrawn: boolean;
  publishedAt: string;
  publishedBy: string;
}

/** POST /authoring/courses/:id/preview */
export interface Preview {
  course: LearnerCourse;
  quizzes: Record<string, LearnerQuiz>;
}

/** POST /authoring/courses/:id/media */
export interface StoredMedia {
  src: string;
  bytes: number;
  contentType: string;
  url: string;
}
