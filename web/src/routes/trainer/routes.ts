import type { RouteDefinition } from "@solidjs/router";
import { lazy } from "solid-js";

/** Signed-in screens of this area; each component is lazy-loaded so it stays out of the first load. */
export const trainerRoutes: RouteDefinition[] = [
  {
    path: "/trainer",
    component: lazy(() => import("./area")),
    children: [
      { path: "/", component: lazy(() => import("./course-list")) },
      { path: "/courses/:courseId", component: lazy(() => import("./editor/editor-page")) },
      { path: "/courses/:courseId/history", component: lazy(() => import("./history")) },
      { path: "/courses/:courseId/analytics", component: lazy(() => import("./analytics")) },
      { path: "/reviews", component: lazy(() => import("./review/review-queue")) },
      { path: "/reviews/:requestId", component: lazy(() => import("./review/review-page")) },
    ],
  },
];
