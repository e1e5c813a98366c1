import { assertCanOversee, isAdmin, requireRole } from "@kns/core/auth/scope";
import { CompletionList } from "@kns/core/completion-list";
import { Course } from "@kns/core/course";
import { VisibleError } from "@kns/core/error";
import { MemberImport } from "@kns/core/member-import";
import { Audit } from "@kns/core/audit";
import { Report } from "@kns/core/report";
import { Unit } from "@kns/core/unit";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

const actorOf = (c: { get(key: "session"): AuthEnv["Variables"]["session"]; get(key: "clientAddress"): string }) => ({
  userId: c.get("session").userId,
  address: c.get("clientAddress"),
});

/** Admins only, and only within their subtree; the unit is answered as "not found" outside it. */
async function adminOver(session: AuthEnv["Variables"]["session"], unitId: string) {
  if (!isAdmin(session)) throw new VisibleError("not-found", "unit.not_found", "This unit does not exist.");
  return assertCanOversee(session, unitId);
}

async function memberInScope(session: AuthEnv["Variables"]["session"], userId: string) {
  const user = await User.get(userId);
  const notFound = new VisibleError("not-found", "user.not_found", "This member does not exist.");
  if (!user?.unitId) throw notFound;
  await adminOver(session, user.unitId).catch(() => {
    throw notFound;
  });
  return user;
}

const NewUnit = z.object({
  code: Unit.UnitCode,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  kind: Unit.UnitKind,
  id: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/))),
});
const UnitChange = z.object({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  parentId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
});
const MemberChange = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  active: z.optional(z.boolean()),
  roles: z.optional(z.array(z.enum(["member", "team-leader"])).check(z.minLength(1))),
});

export const adminRoutes = new Hono<AuthEnv & RequestEnv>()
  .use(requireAuth)
  .get("/units/:unitId", async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json({ ...unit, children: await Unit.children(unit.id) });
  })
  .post("/units/:unitId/children", validate("json", NewUnit), async (c) => {
    const parent = await adminOver(c.get("session"), c.req.param("unitId"));
    const unit = await Unit.create({ ...c.req.valid("json"), parentId: parent.id });
    await Audit.record(actorOf(c), "unit.create", parent.id, unit.id, { code: unit.code, name: unit.name });
    return c.json(unit, 201);
  })
  .patch("/units/:unitId", validate("json", UnitChange), async (c) => {
    const session = c.get("session");
    let unit = await adminOver(session, c.req.param("unitId"));
    const change = c.req.valid("json");
    if (unit.id === session.unitId && change.parentId) throw new VisibleError("forbidden", "unit.move_own", "You cannot move the unit you administer; ask an admin above you.");
    if (change.name) unit = await Unit.rename(unit.id, change.name, actorOf(c));
    if (change.parentId) {
      await adminOver(session, change.parentId);
      unit = await Unit.move(unit.id, change.parentId, actorOf(c));
    }
    return c.json(unit);
  })
  .post("/units/:unitId/join-code", async (c) => {
    const unit = await adminOver(c.get("session"), c.req.param("unitId"));
    if (!Unit.holdsMembers(unit.kind)) throw new VisibleError("input", "unit.not_a_team", "Join codes belong to teams.");
    return c.json({ joinCode: await Unit.rotateJoinCode(unit.id, actorOf(c)) }, 201);
  })
  .get("/units/:unitId/audit", async (c) => {
    const unit = await adminOver(c.get("session"), c.req.param("unitId"));
    const items = await Audit.list(unit.id);
    const names = new Map(
      await Promise.all([...new Set(items.map((entry) => entry.actorId))].map(async (id) => [id, id === "system" ? "Hệ thống" : ((await User.get(id))?.fullName ?? null)] as const)),
    );
    return c.json({ items: items.map((entry) => ({ ...entry, actorName: names.get(entry.actorId) ?? null })) });
  })
  .get("/units/:unitId/search", validate("query", z.object({ q: z._default(z.string().check(z.maxLength(100)), "") })), async (c) => {
    const unit = await adminOver(c.get("session"), c.req.param("unitId"));
    const found = await User.search(unit, c.req.valid("query").q);
    return c.json({ items: found.map(({ phone, ...rest }) => ({ ...rest, phone: `${phone.slice(0, 4)}***${phone.slice(-3)}` })) });
  })
  .patch("/members/:userId", validate("json", MemberChange), async (c) => {
    const session = c.get("session");
    const user = await memberInScope(session, c.req.param("userId"));
    const change = c.req.valid("json");
    let result = user;
    if (change.unitId || change.roles) {
      if (change.unitId) await adminOver(session, change.unitId);
      const kept = user.roles.filter((r) => r !== "member" && r !== "team-leader");
      result = await User.updateProfile(user.id, { fullName: user.fullName, unitId: change.unitId ?? user.unitId, roles: change.roles ? [...kept, ...change.roles] : user.roles }, actorOf(c));
    }
    if (change.active !== undefined) result = await User.setActive(user.id, change.active, actorOf(c));
    return c.json({ ...result, phone: `${result.phone.slice(0, 4)}***${result.phone.slice(-3)}` });
  })
  .post("/members/:userId/reset-code", async (c) => {
    const user = await memberInScope(c.get("session"), c.req.param("userId"));
    return c.json(await User.issueResetCode(user.id, actorOf(c)), 201);
  })
  .post("/members/:userId/activation-code", async (c) => {
    const user = await memberInScope(c.get("session"), c.req.param("userId"));
    return c.json(await User.issueActivationCode(user.id, actorOf(c)), 201);
  })
  .get("/units/:unitId/report", validate("query", z.object({ courseId: z.optional(Course.CourseId) })), async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json(await Report.forUnit(unit, c.req.valid("query").courseId));
  })
  .get("/units/:unitId/members", async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json(await Report.members(unit));
  })
  .post("/exports", validate("json", CompletionList.ExportInput), async (c) => {
    const session = c.get("session");
    requireRole(session, "admin", "super-admin");
    const input = c.req.valid("json");
    await assertCanOversee(session, input.unitId);
    if (input.courseId && !(await Course.getMeta(input.courseId))) throw new VisibleError("input", "course.not_found", "There is no course with this id.");
    const job = await CompletionList.start(input, { userId: session.userId, address: c.get("clientAddress") });
    return c.json({ id: job.id, status: job.status }, 202);
  })
  .get("/exports/:id", async (c) => {
    const session = c.get("session");
    const status = z.uuid().safeParse(c.req.param("id")).success ? await CompletionList.status(c.req.param("id")) : undefined;
    if (!status || status.requestedBy !== session.userId || !isAdmin(session)) {
      throw new VisibleError("not-found", "export.not_found", "There is no export with this id.");
    }
    const { requestedBy: _who, ...rest } = status;
    return c.json(rest);
  })
  .post(
    "/members/import",
    async function onlyAdmins(c, next) {
      // Before the body is read: a member's upload is refused without unpacking a byte of it.
      MemberImport.assertMayImport(c.get("session"));
      await next();
    },
    bodyLimit({
      maxSize: IMPORT_MAX_BYTES,
      onError: (c) => c.json({ error: { code: "request.too_large", message: `An import file can be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` } }, 413),
    }),
    validate("query", z.object({ dryRun: z.optional(z.enum(["true", "false", "1", "0"])) })),
    async (c) => {
      const dryRun = ["true", "1"].includes(c.req.valid("query").dryRun ?? "false");
      const text = await MemberImport.toCsv(new Uint8Array(await c.req.arrayBuffer()));
      if (!dryRun && MemberImport.countRows(text) > MemberImport.INLINE_ROWS) {
        const job = await MemberImport.startJob(text, c.get("session"), c.get("clientAddress"));
        return c.json({ id: job.id, status: job.status }, 202);
      }
      return c.json(await MemberImport.run(text, c.get("session"), { dryRun, address: c.get("clientAddress") }));
    },
  )
  .get("/imports/:id", async (c) => {
    const session = c.get("session");
    const status = z.uuid().safeParse(c.req.param("id")).success ? await MemberImport.jobStatus(c.req.param("id")) : undefined;
    if (!status || status.requestedBy !== session.userId || !isAdmin(session)) throw new VisibleError("not-found", "import.not_found", "There is no import with this id.");
    const { requestedBy: _who, ...rest } = status;
    return c.json(rest);
  });
