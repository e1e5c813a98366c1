import { createECDH, randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Job } from "../../packages/core/src/job";
import { User } from "../../packages/core/src/user";
import { allRoutes } from "../../packages/api/src/app";
import { runJob } from "../../packages/api/src/jobs";
import { SVG, answers, importTestCourse } from "../fixtures/course";
import { app, call, signIn } from "./client";

/**
 * The authorisation matrix (OWASP ASVS V8): every route of the Hono app, read from the app itself, called as
 * each kind of user. A route added without an entry here fails the first test.
 */
type Role = "anonymous" | "member" | "otherLeader" | "trainer" | "otherCommuneAdmin" | "otherProvinceAdmin" | "rightful";
const ROLES: Role[] = ["anonymous", "member", "otherLeader", "trainer", "otherCommuneAdmin", "otherProvinceAdmin", "rightful"];

interface Fixture {
  tokens: Record<Exclude<Role, "anonymous" | "rightful">, string> & { learner: string; slaAdmin: string; leader: string };
  /** A new session of the same person, for routes that end sessions. */
  freshToken: (who: Exclude<Role, "anonymous" | "rightful"> | "learner" | "slaAdmin" | "leader") => Promise<string>;
  learnerId: string;
  pendingId: string;
  /** Appointed commune admin of Xã Mường Bú, for the staff removal cell. */
  staffId: string;
  code: string;
  mediaFile: string;
  exportId: string;
  importId: string;
  teamImportId: string;
  downloadUrl: string;
  /** Publish requests a second trainer made: one for the trainer to approve, one to return. */
  publishRequests: { approve: string; return: string };
  campaignId: string;
  broadcastId: string;
}
let f: Fixture;

interface Request {
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
}

interface Entry {
  /** The request; `rightful` says who the rightful caller is for this route. */
  request: () => Request;
  rightful: "learner" | "slaAdmin" | "trainer" | "leader" | "anyone";
  expect: Partial<Record<Role, number>> & { default?: number };
  /** The route ends the caller's sessions: each call gets a session of its own. */
  endsSessions?: true;
}

const ANYONE = { default: 200 };
const SIGNED_IN = { anonymous: 401, default: 200 };
const ADMIN_SCOPE = { anonymous: 401, member: 404, otherLeader: 404, trainer: 404, otherCommuneAdmin: 404, otherProvinceAdmin: 404 };
const TRAINERS = { anonymous: 401, member: 403, otherLeader: 403, otherCommuneAdmin: 403, otherProvinceAdmin: 403 };
/** Publish requests: trainers, and admins of a course's scope (a province admin reads national requests, reviews only theirs). */
const REVIEWERS = { anonymous: 401, member: 403, otherLeader: 403, otherCommuneAdmin: 403 };

const draftContent = () => ({ title: "Ma trận", summary: "Thử quyền", topic: "other", audience: "members", language: "vi", tags: [], modules: [] });

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
const campaignPlan = () => ({ unitId: "sla-muongbu", courseIds: ["test-course"], startsOn: inDays(0), dueOn: inDays(30), targetPercent: 80 });

const MATRIX: Record<string, Entry> = {
  "POST /api/v1/admin/campaigns": {
    request: () => ({ method: "POST", path: "/admin/campaigns", body: campaignPlan() }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "GET /api/v1/admin/campaigns/:id": {
    request: () => ({ method: "GET", path: `/admin/campaigns/${f.campaignId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/campaigns/:id/units/:unitId": {
    request: () => ({ method: "GET", path: `/admin/campaigns/${f.campaignId}/units/sla-muongbu-banbo` }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/campaigns": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/campaigns" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/me/notifications": { request: () => ({ method: "GET", path: "/me/notifications" }), rightful: "learner", expect: SIGNED_IN },
  "PUT /api/v1/me/notifications/:channel": {
    request: () => ({ method: "PUT", path: "/me/notifications/sms", body: { enabled: false, consentVersion: "2026-12" } }),
    rightful: "learner",
    expect: SIGNED_IN,
  },
  "POST /api/v1/me/push-subscriptions": {
    request: () => ({
      method: "POST",
      path: "/me/push-subscriptions",
      body: {
        endpoint: `https://fcm.googleapis.com/fcm/send/${randomUUID()}`,
        expirationTime: null,
        keys: { p256dh: createECDH("prime256v1").generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") },
      },
    }),
    rightful: "learner",
    expect: { anonymous: 401, default: 201 },
  },
  "DELETE /api/v1/me/push-subscriptions": {
    request: () => ({ method: "DELETE", path: "/me/push-subscriptions", body: { endpoint: "https://fcm.googleapis.com/fcm/send/gone" } }),
    rightful: "learner",
    expect: { anonymous: 401, default: 204 },
  },
  "POST /api/v1/admin/units/:unitId/broadcasts": {
    request: () => ({ method: "POST", path: "/admin/units/sla-muongbu-banbo/broadcasts", body: { text: "Thông báo thử quyền." } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 202 },
  },
  "GET /api/v1/admin/broadcasts/:id": {
    request: () => ({ method: "GET", path: `/admin/broadcasts/${f.broadcastId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/me/assignments": { request: () => ({ method: "GET", path: "/me/assignments" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/me/review-deck": { request: () => ({ method: "GET", path: "/me/review-deck" }), rightful: "learner", expect: SIGNED_IN },
  // Anyone signed in may send reviews; a review of a card outside the caller's own deck is refused in the answer.
  "POST /api/v1/me/reviews": {
    request: () => {
      const at = new Date(Date.now() - 60_000).toISOString();
      const due = new Date(Date.now() + 86_400_000).toISOString();
      const state = { due, stability: 1, difficulty: 5, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, phase: 2, lastReview: at };
      return { method: "POST", path: "/me/reviews", body: { reviews: [{ id: randomUUID(), cardId: "test-course.m1.m1-q1", rating: 3, at, state }] } };
    },
    rightful: "learner",
    expect: SIGNED_IN,
  },
  "GET /api/v1/health": { request: () => ({ method: "GET", path: "/health" }), rightful: "anyone", expect: ANYONE },
  "GET /api/v1/units/provinces": { request: () => ({ method: "GET", path: "/units/provinces" }), rightful: "anyone", expect: ANYONE },
  "GET /api/v1/units/provinces/:code/communes": {
    request: () => ({ method: "GET", path: "/units/provinces/14/communes" }),
    rightful: "anyone",
    expect: ANYONE,
  },
  "POST /api/v1/auth/register": {
    request: () => ({ method: "POST", path: "/auth/register", body: { phone: "1" } }),
    rightful: "anyone",
    expect: { default: 400 },
  },
  "POST /api/v1/auth/login": {
    request: () => ({ method: "POST", path: "/auth/login", body: { phone: "0999999999", password: "Nope12345" } }),
    rightful: "anyone",
    expect: { default: 401 },
  },
  "POST /api/v1/auth/refresh": {
    request: () => ({ method: "POST", path: "/auth/refresh", body: { refreshToken: "aaaaaaaaaaaa.bbbbbbbbbb" } }),
    rightful: "anyone",
    expect: { default: 401 },
  },
  "POST /api/v1/auth/logout": {
    request: () => ({ method: "POST", path: "/auth/logout", body: { refreshToken: "aaaaaaaaaaaa.bbbbbbbbbb" } }),
    rightful: "anyone",
    expect: { default: 204 },
  },
  "POST /api/v1/auth/activate": {
    request: () => ({
      method: "POST",
      path: "/auth/activate",
      body: { phone: `03${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, code: "12345678", password: "RuongBac2026" },
    }),
    rightful: "anyone",
    expect: { default: 400 },
  },
  "POST /api/v1/auth/reset/request": {
    request: () => ({ method: "POST", path: "/auth/reset/request", body: { phone: "1" } }),
    rightful: "anyone",
    expect: { default: 400 },
  },
  "POST /api/v1/auth/reset": {
    request: () => ({
      method: "POST",
      path: "/auth/reset",
      body: { phone: `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, code: "123456", password: "RuongBac2026" },
    }),
    rightful: "anyone",
    expect: { default: 400 },
  },
  "GET /api/v1/me": { request: () => ({ method: "GET", path: "/me" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/me/progress": { request: () => ({ method: "GET", path: "/me/progress" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/me/certificates": { request: () => ({ method: "GET", path: "/me/certificates" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/me/data": { request: () => ({ method: "GET", path: "/me/data" }), rightful: "learner", expect: SIGNED_IN },
  "POST /api/v1/me/password": {
    request: () => ({ method: "POST", path: "/me/password", body: { currentPassword: "not-the-password", newPassword: "SongDa-2027" } }),
    rightful: "learner",
    expect: { default: 401 },
  },
  "POST /api/v1/me/sign-out-everywhere": {
    request: () => ({ method: "POST", path: "/me/sign-out-everywhere" }),
    rightful: "learner",
    expect: { anonymous: 401, default: 204 },
    endsSessions: true,
  },
  "POST /api/v1/me/delete": {
    request: () => ({ method: "POST", path: "/me/delete", body: { password: "not-the-password", confirm: true } }),
    rightful: "learner",
    expect: { default: 401 },
  },
  "GET /api/v1/courses": { request: () => ({ method: "GET", path: "/courses" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/courses/:courseId": { request: () => ({ method: "GET", path: "/courses/test-course" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/courses/:courseId/versions/:version": {
    request: () => ({ method: "GET", path: "/courses/test-course/versions/1" }),
    rightful: "learner",
    expect: SIGNED_IN,
  },
  "GET /api/v1/search": { request: () => ({ method: "GET", path: "/search?q=thu+nghiem" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/search/index": { request: () => ({ method: "GET", path: "/search/index" }), rightful: "learner", expect: SIGNED_IN },
  "POST /api/v1/courses/:courseId/switch": {
    request: () => ({ method: "POST", path: "/courses/test-course/switch", body: { version: 1 } }),
    rightful: "learner",
    expect: { anonymous: 401, default: 400, rightful: 200 },
  },
  "GET /api/v1/quizzes/:quizId": { request: () => ({ method: "GET", path: "/quizzes/test-course.m1" }), rightful: "learner", expect: SIGNED_IN },
  "POST /api/v1/quizzes/:quizId/attempts": {
    request: () => ({ method: "POST", path: "/quizzes/test-course.m1/attempts", body: { attemptId: randomUUID(), answers: answers("m1", false) } }),
    rightful: "learner",
    expect: SIGNED_IN,
  },
  "POST /api/v1/progress": {
    request: () => ({
      method: "POST",
      path: "/progress",
      body: { events: [{ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: "m1-l1" }] },
    }),
    rightful: "learner",
    expect: SIGNED_IN,
  },
  "GET /api/v1/certificates/:code/pdf": {
    request: () => ({ method: "GET", path: `/certificates/${f.code}/pdf` }),
    rightful: "learner",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/verify/public-key": { request: () => ({ method: "GET", path: "/verify/public-key" }), rightful: "anyone", expect: ANYONE },
  "GET /api/v1/verify/:code": { request: () => ({ method: "GET", path: `/verify/${f.code}` }), rightful: "anyone", expect: ANYONE },
  "GET /api/v1/media/:file": { request: () => ({ method: "GET", path: `/media/${f.mediaFile}` }), rightful: "anyone", expect: ANYONE },
  "GET /api/v1/files/*": { request: () => ({ method: "GET", path: f.downloadUrl.replace("/api/v1", "") }), rightful: "anyone", expect: ANYONE },
  "PUT /api/v1/files/*": {
    request: () => ({ method: "PUT", path: "/files/uploads/00000000-0000-4000-8000-000000000000?expires=1&sig=x", raw: "x", contentType: "audio/mpeg" }),
    rightful: "anyone",
    expect: { default: 403 },
  },
  "POST /api/v1/authoring/courses/:courseId/uploads": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/uploads", body: { contentType: "audio/mpeg", bytes: 1000 } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 201, rightful: 201 },
  },
  "POST /api/v1/authoring/courses/:courseId/uploads/:uploadId/complete": {
    request: () => ({ method: "POST", path: `/authoring/courses/test-course/uploads/${randomUUID()}/complete` }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 404, rightful: 404 },
  },
  "GET /api/v1/admin/units/:unitId": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/report": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/report" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/question-analytics": {
    request: () => ({ method: "GET", path: "/admin/units/sla/question-analytics?courseId=test-course" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/unit-search": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu/unit-search?q=ban" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/activities": {
    request: () => ({
      method: "POST",
      path: "/activities",
      body: { activities: [{ id: randomUUID(), at: new Date().toISOString(), skill: "payments", outcome: "cashless-bill", people: 1 }] },
    }),
    rightful: "learner",
    // Field work is recorded by team members only: staff without a team are refused.
    expect: { anonymous: 401, trainer: 403, otherCommuneAdmin: 403, otherProvinceAdmin: 403, default: 200 },
  },
  "GET /api/v1/activities": { request: () => ({ method: "GET", path: "/activities" }), rightful: "learner", expect: SIGNED_IN },
  "GET /api/v1/admin/units/:unitId/field-work": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/field-work" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/competences": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/competences" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/monthly-report.xlsx": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu/monthly-report.xlsx" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "PUT /api/v1/admin/units/:unitId/field-work/target": {
    request: () => ({ method: "PUT", path: "/admin/units/sla-muongbu-banbo/field-work/target", body: { peoplePerMonth: 40 } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/effectiveness-weights": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/effectiveness-weights" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "PUT /api/v1/admin/units/:unitId/effectiveness-weights": {
    request: () => ({ method: "PUT", path: "/admin/units/sla/effectiveness-weights", body: { completion: 25, quiz: 15, help: 35, activity: 25 } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/team-ranking": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu/team-ranking" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/badges": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/badges" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/badges/:month/certificate.pdf": {
    // No badge for a month before the platform: the rightful caller is told so (404 with its code), the others "no such unit".
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/badges/2020-01/certificate.pdf" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 404 },
  },
  "GET /api/v1/admin/units/:unitId/members": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/members" }),
    rightful: "leader",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/audit": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/audit" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/search": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu-banbo/search?q=l" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "PATCH /api/v1/admin/units/:unitId": {
    request: () => ({ method: "PATCH", path: "/admin/units/sla-muongbu-banbo", body: { name: "Tổ CNSCĐ bản Bó" } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/admin/units/:unitId/children": {
    request: () => ({
      method: "POST",
      path: "/admin/units/sla-muongbu/children",
      body: { code: `SLA-T-${randomUUID().slice(0, 6)}`, name: "Tổ mới", kind: "team" },
    }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "POST /api/v1/admin/units/:unitId/join-code": {
    request: () => ({ method: "POST", path: "/admin/units/sla-muongbu-huangay/join-code" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "PATCH /api/v1/admin/members/:userId": {
    request: () => ({ method: "PATCH", path: `/admin/members/${f.learnerId}`, body: { active: true } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/admin/members/:userId/reset-code": {
    request: () => ({ method: "POST", path: `/admin/members/${f.learnerId}/reset-code` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "POST /api/v1/admin/members/:userId/activation-code": {
    request: () => ({ method: "POST", path: `/admin/members/${f.pendingId}/activation-code` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "GET /api/v1/admin/units/:unitId/staff": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu/staff" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/admin/units/:unitId/staff": {
    request: () => ({ method: "POST", path: "/admin/units/sla-muongbu/staff", body: { phone: "0911000008", fullName: "Lò Văn Bình", role: "admin" } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 201 },
  },
  "DELETE /api/v1/admin/units/:unitId/staff/:userId": {
    request: () => ({ method: "DELETE", path: `/admin/units/sla-muongbu/staff/${f.staffId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 204 },
  },
  "POST /api/v1/admin/members/import": {
    request: () => ({
      method: "POST",
      path: "/admin/members/import?dryRun=true",
      raw: "fullName,phone,unitCode,role\nNgười Mới,0977111222,SLA-MUONGBU-BANBO,member",
      contentType: "text/csv",
    }),
    rightful: "slaAdmin",
    expect: { anonymous: 401, member: 403, otherLeader: 403, trainer: 403, otherCommuneAdmin: 200, otherProvinceAdmin: 200, rightful: 200 },
  },
  "POST /api/v1/admin/exports": {
    request: () => ({ method: "POST", path: "/admin/exports", body: { unitId: "sla-muongbu-banbo", format: "csv" } }),
    rightful: "slaAdmin",
    expect: { anonymous: 401, member: 403, otherLeader: 403, trainer: 403, otherCommuneAdmin: 404, otherProvinceAdmin: 404, rightful: 202 },
  },
  "GET /api/v1/admin/exports/:id": {
    request: () => ({ method: "GET", path: `/admin/exports/${f.exportId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/imports/:id": {
    request: () => ({ method: "GET", path: `/admin/imports/${f.importId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/admin/teams/import": {
    request: () => ({
      method: "POST",
      path: "/admin/teams/import?dryRun=true",
      raw: "Mã xã,Tên tổ,Tổ trưởng,Số điện thoại\nSLA-MUONGBU,Tổ CNSCĐ bản Ma trận,Lò Văn Ma,0977111224",
      contentType: "text/csv",
    }),
    rightful: "slaAdmin",
    expect: { anonymous: 401, member: 403, otherLeader: 403, trainer: 403, otherCommuneAdmin: 200, otherProvinceAdmin: 200, rightful: 200 },
  },
  "GET /api/v1/admin/teams/imports/:id": {
    request: () => ({ method: "GET", path: `/admin/teams/imports/${f.teamImportId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/join-codes.pdf": {
    request: () => ({ method: "GET", path: "/admin/units/sla-muongbu/join-codes.pdf" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/units/:unitId/merge": {
    request: () => ({ method: "GET", path: "/admin/units/sla-mocchau-mx1/merge?into=sla-mocchau-mx2" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "POST /api/v1/admin/units/:unitId/merge": {
    request: () => ({ method: "POST", path: "/admin/units/sla-mocchau-mx1/merge", body: { intoUnitId: "sla-mocchau-mx2" } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 202 },
  },
  "POST /api/v1/admin/units/:unitId/archive": {
    request: () => ({ method: "POST", path: "/admin/units/sla-mocchau-mx3/archive" }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "PATCH /api/v1/admin/units/:unitId/identity": {
    request: () => ({ method: "PATCH", path: "/admin/units/sla-mocchau-mx2/identity", body: { name: "Tổ Ma trận gộp" } }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/admin/jobs/:id": {
    request: () => ({ method: "GET", path: `/admin/jobs/${f.exportId}` }),
    rightful: "slaAdmin",
    expect: { ...ADMIN_SCOPE, rightful: 200 },
  },
  "GET /api/v1/authoring/courses": {
    request: () => ({ method: "GET", path: "/authoring/courses" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/courses": {
    request: () => ({ method: "POST", path: "/authoring/courses", body: { id: `m-${randomUUID().slice(0, 8)}`, content: draftContent() } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 201, rightful: 201 },
  },
  "GET /api/v1/authoring/courses/:courseId/draft": {
    request: () => ({ method: "GET", path: "/authoring/courses/test-course/draft" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "GET /api/v1/authoring/courses/:courseId/analytics": {
    request: () => ({ method: "GET", path: "/authoring/courses/test-course/analytics" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "PUT /api/v1/authoring/courses/:courseId/draft": {
    request: () => ({ method: "PUT", path: "/authoring/courses/test-course/draft", body: { content: draftContent(), baseRevision: 0 } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 409, rightful: 409 },
  },
  "POST /api/v1/authoring/courses/:courseId/preview": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/preview", body: { content: draftContent() } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/courses/:courseId/publish": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/publish", body: { changeSummary: "Không đổi", draftRevision: 1 } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 201, rightful: 201 },
  },
  "POST /api/v1/authoring/courses/:courseId/publish-requests": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/publish-requests", body: { changeSummary: "Không đổi", draftRevision: 1 } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 409, rightful: 409 },
  },
  "GET /api/v1/authoring/publish-requests": {
    request: () => ({ method: "GET", path: "/authoring/publish-requests" }),
    rightful: "trainer",
    expect: { ...REVIEWERS, otherProvinceAdmin: 200, trainer: 200, rightful: 200 },
  },
  "GET /api/v1/authoring/publish-requests/:requestId": {
    request: () => ({ method: "GET", path: `/authoring/publish-requests/${f.publishRequests.approve}` }),
    rightful: "trainer",
    expect: { ...REVIEWERS, otherProvinceAdmin: 200, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/publish-requests/:requestId/approve": {
    request: () => ({ method: "POST", path: `/authoring/publish-requests/${f.publishRequests.approve}/approve` }),
    rightful: "trainer",
    expect: { ...REVIEWERS, otherProvinceAdmin: 403, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/publish-requests/:requestId/return": {
    request: () => ({ method: "POST", path: `/authoring/publish-requests/${f.publishRequests.return}/return`, body: { comment: "Cần sửa câu 2" } }),
    rightful: "trainer",
    expect: { ...REVIEWERS, otherProvinceAdmin: 403, trainer: 200, rightful: 200 },
  },
  "GET /api/v1/authoring/courses/:courseId/versions": {
    request: () => ({ method: "GET", path: "/authoring/courses/test-course/versions" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "GET /api/v1/authoring/courses/:courseId/versions/:version/preview": {
    request: () => ({ method: "GET", path: "/authoring/courses/test-course/versions/1/preview" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/courses/:courseId/versions/:version/withdraw": {
    request: () => ({ method: "POST", path: "/authoring/courses/withdraw-me/versions/1/withdraw" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/courses/:courseId/duplicate": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/duplicate", body: { id: `d-${randomUUID().slice(0, 8)}` } }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 201, rightful: 201 },
  },
  "GET /api/v1/authoring/courses/:courseId/bundle": {
    request: () => ({ method: "GET", path: "/authoring/courses/test-course/bundle" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 200, rightful: 200 },
  },
  "POST /api/v1/authoring/courses/:courseId/media": {
    request: () => ({ method: "POST", path: "/authoring/courses/test-course/media", raw: new TextDecoder().decode(SVG), contentType: "image/svg+xml" }),
    rightful: "trainer",
    expect: { ...TRAINERS, trainer: 201, rightful: 201 },
  },
  "POST /api/v1/certificates/:code/revoke": {
    request: () => ({ method: "POST", path: `/certificates/${f.code}/revoke`, body: { reason: "Kiểm tra ma trận quyền" } }),
    rightful: "slaAdmin",
    expect: { anonymous: 401, member: 403, otherLeader: 403, trainer: 403, otherCommuneAdmin: 404, otherProvinceAdmin: 404, rightful: 200 },
  },
};

async function tokenFor(role: Role, entry: Entry): Promise<string | undefined> {
  if (role === "anonymous") return undefined;
  const who = role === "rightful" ? (entry.rightful === "anyone" ? "learner" : entry.rightful) : role;
  return entry.endsSessions ? f.freshToken(who) : f.tokens[who];
}

async function send(request: Request, token?: string) {
  if (request.raw !== undefined) {
    const res = await app.request(`/api/v1${request.path}`, {
      method: request.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": request.contentType ?? "text/plain" },
      body: request.raw,
    });
    return { status: res.status, text: await res.text() };
  }
  return call(request.method, request.path, { token, body: request.body });
}

beforeAll(async () => {
  Job.runLocally(runJob);
  const { Seed } = await import("../../packages/core/src/seed");
  const { Unit } = await import("../../packages/core/src/unit");
  const { Course } = await import("../../packages/core/src/course");
  await Seed.demo();
  await importTestCourse();
  await Course.importBundle({ ...(await import("../fixtures/course")).testBundle("withdraw-me") }, async () => SVG, { userId: "system" });
  await Course.importBundle(
    { ...(await import("../fixtures/course")).testBundle("withdraw-me"), changeSummary: "Đổi tiêu đề", title: "Bản 2" },
    async () => SVG,
    { userId: "system" },
  );
  await User.ensure({
    phone: "0911000001",
    fullName: "Đèo Văn Khánh",
    password: "RuongBac2026",
    roles: ["team-leader", "member"],
    unitId: "sla-muongbu-huangay",
  });
  await User.ensure({ phone: "0911000002", fullName: "Hà Thị Thu", password: "RuongBac2026", roles: ["admin"], unitId: "sla-tohieu" });
  await User.ensure({ phone: "0911000003", fullName: "Mùa A Dế", password: "RuongBac2026", roles: ["member"], unitId: "dbn-dienbienphu-tdp1" });
  await Unit.setJoinCode("sla-muongbu-huangay", "HUANGAY-MATRIX");
  // A second national trainer asks to publish two changed courses: the matrix's trainer reviews them.
  const author = await User.ensure({ phone: "0911000004", fullName: "Vi Thị Hoa", password: "RuongBac2026", roles: ["trainer"], unitId: null });
  const authorScopes = await Course.courseScopes({ userId: author.id, roles: author.roles, unitId: null, sessionVersion: 0 });
  const publishRequests: Record<string, string> = {};
  for (const id of ["review-me", "return-me"]) {
    await importTestCourse(id);
    const draft = (await Course.getDraft(id))!;
    const saved = await Course.saveDraft(id, { content: { ...draft.content, title: "Bản mới" }, baseRevision: draft.revision }, { userId: author.id });
    publishRequests[id] = (
      await Course.requestPublish(id, { changeSummary: "Đổi tiêu đề", draftRevision: saved.revision }, { userId: author.id }, authorScopes)
    ).id;
  }
  const login = (phone: string, password = "Demo@2026") => signIn(phone, password).then((s) => s.accessToken);
  const phones = {
    learner: ["0912000001"],
    slaAdmin: ["0912000003"],
    leader: ["0912000005"],
    trainer: ["0912000002"],
    otherProvinceAdmin: ["0912000004"],
    otherLeader: ["0911000001", "RuongBac2026"],
    otherCommuneAdmin: ["0911000002", "RuongBac2026"],
    member: ["0911000003", "RuongBac2026"],
  } as const;
  const learnerSession = await signIn("0912000001");
  const tokens = {
    learner: learnerSession.accessToken,
    slaAdmin: await login("0912000003"),
    leader: await login("0912000005"),
    trainer: await login("0912000002"),
    otherProvinceAdmin: await login("0912000004"),
    otherLeader: await login("0911000001", "RuongBac2026"),
    otherCommuneAdmin: await login("0911000002", "RuongBac2026"),
    member: await login("0911000003", "RuongBac2026"),
  };
  for (const m of ["m1", "m2"])
    await call("POST", `/quizzes/test-course.${m}/attempts`, { token: tokens.learner, body: { attemptId: randomUUID(), answers: answers(m) } });
  await call("POST", "/progress", {
    token: tokens.learner,
    body: {
      events: ["m1", "m2"].flatMap((m) =>
        ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
      ),
    },
  });
  const code = (await call("GET", "/me/certificates", { token: tokens.learner })).json.items[0].code;
  const course = await call("GET", "/courses/test-course", { token: tokens.learner });
  const mediaFile = (course.json.modules[0].lessons[1].image.url as string).split("/").pop()!;
  const exported = await call("POST", "/admin/exports", { token: tokens.slaAdmin, body: { unitId: "sla", format: "csv" } });
  await Job.idle();
  const status = await call("GET", `/admin/exports/${exported.json.id}`, { token: tokens.slaAdmin });
  const bigFile = [
    "fullName,phone,unitCode,role",
    ...Array.from({ length: 201 }, (_, i) => `Người Số ${"ABCDEFGHIJ"[i % 10]},0391${String(i).padStart(6, "0")},SLA-MUONGBU-BANBO,member`),
  ].join("\n");
  const importJob = await send({ method: "POST", path: "/admin/members/import?dryRun=false", raw: bigFile, contentType: "text/csv" }, tokens.slaAdmin);
  expect(importJob.status).toBe(202);
  // Over 200 rows runs as a job; these name no commune, so the job creates nothing.
  const teamList = ["Mã xã,Tên tổ,Tổ trưởng,Số điện thoại", ...Array.from({ length: 201 }, (_, i) => `KHONG-CO,Tổ ${i},Lò Văn Ma,0977111224`)].join("\n");
  const teamImportJob = await send({ method: "POST", path: "/admin/teams/import?dryRun=false", raw: teamList, contentType: "text/csv" }, tokens.slaAdmin);
  expect(teamImportJob.status).toBe(202);
  await Job.idle();
  // Teams the reorganisation routes merge, rename and archive, in a commune no other admin of the matrix holds.
  for (const n of [1, 2, 3])
    await call("POST", "/admin/units/sla-mocchau/children", {
      token: tokens.slaAdmin,
      body: { id: `sla-mocchau-mx${n}`, code: `SLA-MOCCHAU-MX${n}`, name: `Tổ Ma trận ${n}`, kind: "team" },
    });
  const freshToken = (who: keyof typeof phones) => login(...(phones[who] as unknown as [string, string?]));
  f = {
    tokens,
    freshToken,
    pendingId: (await User.idByPhone("0391000007"))!,
    staffId: (
      await call("POST", "/admin/units/sla-muongbu/staff", { token: tokens.slaAdmin, body: { phone: "0911000009", fullName: "Vì Thị Mai", role: "admin" } })
    ).json.userId,
    learnerId: learnerSession.user.id,
    code,
    mediaFile,
    exportId: exported.json.id,
    importId: JSON.parse(importJob.text).id,
    teamImportId: JSON.parse(teamImportJob.text).id,
    downloadUrl: status.json.downloadUrl,
    publishRequests: { approve: publishRequests["review-me"]!, return: publishRequests["return-me"]! },
    campaignId: (await call("POST", "/admin/campaigns", { token: tokens.slaAdmin, body: campaignPlan() })).json.id,
    broadcastId: (await call("POST", "/admin/units/sla-muongbu/broadcasts", { token: tokens.slaAdmin, body: { text: "Ma trận quyền." } })).json.id,
  };
});

// Every group's routes: route groups join the app on their first request, so app.routes alone lists few.
const appRoutes = [...new Set((await allRoutes()).filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];

describe("authorisation matrix", () => {
  it("has an entry for every route of the app", () => {
    expect(appRoutes.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !appRoutes.includes(route))).toEqual([]);
  });

  // Revocation changes what the other cells see, so it runs late; ending sessions ends every role's, so last.
  const late = ([route, entry]: [string, Entry]) => (entry.endsSessions ? 2 : route.includes("revoke") ? 1 : 0);
  const ordered = Object.entries(MATRIX).sort((a, b) => late(a) - late(b));
  for (const [route, entry] of ordered) {
    it(route, async () => {
      const seen: Record<string, number> = {};
      const wanted: Record<string, number> = {};
      for (const role of ROLES) {
        const expected = entry.expect[role] ?? entry.expect.default ?? 200;
        const res = await send(entry.request(), await tokenFor(role, entry));
        seen[role] = res.status;
        wanted[role] = expected;
        if (res.status >= 400) expect(() => JSON.parse(res.text).error.code).not.toThrow();
      }
      expect(seen).toEqual(wanted);
    });
  }

  it("imports by admins outside the area create nobody", async () => {
    for (const token of [await f.freshToken("otherCommuneAdmin"), await f.freshToken("otherProvinceAdmin")]) {
      const res = await send(
        {
          method: "POST",
          path: "/admin/members/import?dryRun=false",
          raw: "fullName,phone,unitCode,role\nNgười Mới,0977111223,SLA-MUONGBU-BANBO,member",
          contentType: "text/csv",
        },
        token,
      );
      expect(JSON.parse(res.text)).toMatchObject({ created: 0, updated: 0 });
    }
  });
});
