import type { RouteDefinition } from "@solidjs/router";

/** Signed-in screens of this area; each component is lazy-loaded so it stays out of the first load. */
export const adminRoutes: RouteDefinition[] = [];
