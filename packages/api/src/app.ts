import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { notFound, onError } from "./error";
import { limitBody } from "./middleware/body-limit";
import { compressJson } from "./middleware/compress";
import { requestContext, type RequestEnv } from "./middleware/request-context";
import { meRoutes } from "./routes/me";
/** Bodies above this are refused before parsing; imports have their own larger limit on their route. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
const MAX_PATH_SEGMENT = 200;
const LARGE_BODY_ROUTES = [
  /^\/api\/v1\/authoring\/courses\/[^/]+\/(media|draft)$/,
  /^\/api\/v1\/admin\/members\/import$/,
  /^\/api\/v1\/admin\/teams\/import$/,
  /^\/api\/v1\/files\/uploads\//,
];

// Each group has its own env (most add the session) and schema; the app only mounts them.
// biome-ignore lint/suspicious/noExplicitAny: the groups' types differ and nothing here reads them.
type Routes = Hono<any, any, any>;

/**
 * The route groups under /api/v1, by their first path segment, each imported on its first request: a cold start
 * builds only the group its first request needs (esbuild makes each `import()` a chunk), not the schemas,
 * markdown, spreadsheet and report code of the others. docs/performance.md: the Lambda cold-start budget.
 */
const GROUPS: Record<string, () => Promise<Routes>> = {
  auth: () => import("./routes/auth").then((m) => m.authRoutes),
  units: () => import("./routes/units").then((m) => m.unitRoutes),
  me: () => import("./routes/me-subpaths").then((m) => m.meSubpathRoutes),
  courses: () => import("./routes/courses").then((m) => m.courseRoutes),
  search: () => import("./routes/search").then((m) => m.searchRoutes),
  quizzes: () => import("./routes/quizzes").then((m) => m.quizRoutes),
  progress: () => import("./routes/progress").then((m) => m.progressRoutes),
  activities: () => import("./routes/activities").then((m) => m.activityRoutes),
  certificates: () => import("./routes/certificates").then((m) => m.certificateRoutes),
  verify: () => import("./routes/verify").then((m) => m.verifyRoutes),
  media: () => import("./routes/media").then((m) => m.mediaRoutes),
  files: () => import("./routes/files").then((m) => m.fileRoutes),
  admin: () => import("./routes/admin").then((m) => m.adminRoutes),
  authoring: () => import("./routes/authoring").then((m) => m.authoringRoutes),
};

/**
 * `GET /api/v1/me` is served by the base app itself, not by the "me" group's: every start of the web app asks it
 * (often a function's first request), so it builds only the session check and the account, not the campaign,
 * certificate, notification and review code under /api/v1/me/, and it needs no second app's `fetch` (a second
 * routing pass). Its routes are imported with the app: they are small (the session check without jose or zod,
 * about 5 KB gzipped), and a dynamic import's dozen chunk files cost that first request more than their compiling
 * costs every cold start (docs/performance.md).
 */
const ME_PATH = "/api/v1/me";

/** What the local server would have sent: only where node.ts set DEV_INBOX=1 (never deployed; docs/notifications.md). */
const DEV_GROUP = () => import("./routes/notifications").then((m) => m.devInboxRoutes);

/** The app's middleware, `mount`'s routes, then the JSON 404 and error handler: one whole app. */
function appWith(mount: (app: Hono<RequestEnv>) => void, app = new Hono<RequestEnv>()) {
  app.use(requestContext);
  app.use("/api/*", compressJson());
  const jsonLimit = limitBody(MAX_JSON_BODY_BYTES, "request.too_large", `The request body is larger than ${MAX_JSON_BODY_BYTES / 1024} KB.`);
  app.use("/api/*", secureHeaders({ crossOriginResourcePolicy: "same-origin" }), async function limitBody(c, next) {
    // Uploads, imports and drafts set their own (larger) limits on their routes.
    return LARGE_BODY_ROUTES.some((pattern) => pattern.test(c.req.path)) ? next() : jsonLimit(c, next);
  });
  app.use("/api/*", async function rejectOversizedIds(c, next) {
    // No resource has an id this long; answering here keeps absurd keys away from the database.
    if (c.req.path.split("/").some((segment) => segment.length > MAX_PATH_SEGMENT)) return notFound(c);
    await next();
  });
  mount(app);
  app.all("/api/*", notFound);
  app.onError(onError);
  return app;
}

/** The groups this process serves: GROUPS, and the dev inbox where node.ts asked for it. */
function groupsOfThisProcess(): Record<string, () => Promise<Routes>> {
  return process.env.DEV_INBOX === "1" ? { ...GROUPS, dev: DEV_GROUP } : GROUPS;
}

/** A group's routes as a whole app: mounted at /api/v1/<group>, with the app's middleware, 404 and errors. */
async function groupApp(group: string, load: () => Promise<Routes>) {
  const routes = await load();
  return appWith((whole) => whole.route(`/api/v1/${group}`, routes));
}

/**
 * The API. A request under /api/v1/<group>/ goes, before any middleware runs, to that group's own whole app (the
 * same middleware, the group's routes at the same paths, the same 404 and errors), built on the group's first
 * request; everything else (health, `GET /api/v1/me`, unknown paths, and what node.ts adds: the
 * web app) to the base app. Hono's routes are fixed once an app has served a request, so a group joins as an app of
 * its own rather than as routes.
 */
export function createApp() {
  const groups = groupsOfThisProcess();
  const built = new Map<string, Promise<Hono<RequestEnv>>>();
  const appFor = (group: string, load: () => Promise<Routes>) => {
    let app = built.get(group);
    if (!app) {
      app = groupApp(group, load);
      // A failed import is tried again by the next request rather than remembered.
      app.catch(() => built.delete(group));
      built.set(group, app);
    }
    return app;
  };
  const base = new Hono<RequestEnv>();
  base.use("/api/v1/*", async function routeGroup(c, next) {
    // c.env carries what the adapter gave (Lambda's event and context, Node's request and response).
    const path = c.req.path;
    if (path === ME_PATH) return next();
    const name = /^\/api\/v1\/([^/]+)/.exec(path)?.[1];
    if (!name || !Object.hasOwn(groups, name)) return next();
    return (await appFor(name, groups[name]!)).fetch(c.req.raw, c.env);
  });
  return appWith((app) => {
    app.get("/api/v1/health", (c) => c.json({ ok: true }));
    app.route(ME_PATH, meRoutes);
  }, base);
}

/**
 * Every route the API serves, each group loaded: the base app's (with `GET /api/v1/me`) and every group's whole app's,
 * built exactly as createApp builds them. `createApp().routes` lists only the base app's, the groups joining on
 * their first request; tests that must see every route (the authorisation matrix, the fuzzer) read this.
 */
export async function allRoutes() {
  const apps = await Promise.all(Object.entries(groupsOfThisProcess()).map(([group, load]) => groupApp(group, load)));
  return [createApp(), ...apps].flatMap((app) => app.routes);
}
