import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { notFound, onError } from "./error";
import { limitBody } from "./middleware/body-limit";
import { requestContext, type RequestEnv } from "./middleware/request-context";
import { authRoutes } from "./routes/auth";
import { activityRoutes } from "./routes/activities";
import { adminRoutes } from "./routes/admin";
import { authoringRoutes } from "./routes/authoring";
import { certificateRoutes } from "./routes/certificates";
import { fileRoutes } from "./routes/files";
import { courseRoutes } from "./routes/courses";
import { mediaRoutes } from "./routes/media";
import { meRoutes } from "./routes/me";
import { progressRoutes } from "./routes/progress";
import { quizRoutes } from "./routes/quizzes";
import { searchRoutes } from "./routes/search";
import { unitRoutes } from "./routes/units";
import { verifyRoutes } from "./routes/verify";
import { devInboxRoutes } from "./routes/notifications";

/** Bodies above this are refused before parsing; imports have their own larger limit on their route. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
const MAX_PATH_SEGMENT = 200;
const LARGE_BODY_ROUTES = [
  /^\/api\/v1\/authoring\/courses\/[^/]+\/(media|draft)$/,
  /^\/api\/v1\/admin\/members\/import$/,
  /^\/api\/v1\/admin\/teams\/import$/,
  /^\/api\/v1\/files\/uploads\//,
];

export const api = new Hono<RequestEnv>()
  .get("/health", (c) => c.json({ ok: true }))
  .route("/auth", authRoutes)
  .route("/units", unitRoutes)
  .route("/me", meRoutes)
  .route("/courses", courseRoutes)
  .route("/search", searchRoutes)
  .route("/quizzes", quizRoutes)
  .route("/progress", progressRoutes)
  .route("/activities", activityRoutes)
  .route("/certificates", certificateRoutes)
  .route("/verify", verifyRoutes)
  .route("/media", mediaRoutes)
  .route("/files", fileRoutes)
  .route("/admin", adminRoutes)
  .route("/authoring", authoringRoutes);

export function createApp() {
  const app = new Hono<RequestEnv>();
  app.use(requestContext);
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
  // What the local server would have sent: only where node.ts set DEV_INBOX=1 (never deployed; docs/notifications.md).
  if (process.env.DEV_INBOX === "1") app.route("/api/v1/dev", devInboxRoutes);
  app.route("/api/v1", api);
  app.all("/api/*", notFound);
  app.onError(onError);
  return app;
}
