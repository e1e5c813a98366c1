import type { RouteDefinition } from "@solidjs/router";
import { lazy } from "solid-js";
import { LINKED_SCREENS } from "./paths";

/** Signed-in screens of this area; each component is lazy-loaded so it stays out of the first load. */
export const learnRoutes: RouteDefinition[] = [
  { path: LINKED_SCREENS.course.path, component: lazy(() => import("./course")) },
  { path: LINKED_SCREENS.lesson.path, component: lazy(() => import("./lesson")) },
  { path: LINKED_SCREENS.quiz.path, component: lazy(() => import("./quiz")) },
  { path: "/progress", component: lazy(() => import("./progress")) },
  { path: "/certificates", component: lazy(() => import("./certificates")) },
  { path: "/outbox", component: lazy(() => import("./outbox")) },
  { path: "/field-work", component: lazy(() => import("../field-work/field-work")) },
  { path: "/downloads", component: lazy(() => import("./downloads")) },
  { path: "/account", component: lazy(() => import("./account")) },
  // The review deck and its scheduler (ts-fsrs) load only when opened; the home card that leads here is tiny.
  { path: "/review", component: lazy(() => import("../../features/review/review-deck")) },
];

/** Public screens (no sign-in): certificate verification, and choosing a person on a shared phone. */
export const publicRoutes: RouteDefinition[] = [
  { path: "/verify/:code?", component: lazy(() => import("./verify")) },
  { path: "/profiles", component: lazy(() => import("./profiles")) },
];
