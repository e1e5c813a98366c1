import type { RouteDefinition } from "@solidjs/router";
import { lazy } from "solid-js";
import type { AdminScreen } from "./screens";

const screen = (name: AdminScreen) => lazy(() => import("./screens").then((screens) => screens.load(name)));

/** Signed-in screens of this area (admins and team leaders); all lazy, so none of them is in the first load. */
export const adminRoutes: RouteDefinition[] = [
  { path: "/admin", component: screen("home") },
  { path: "/admin/import", component: screen("import") },
  { path: "/admin/teams/import", component: screen("teamsImport") },
  { path: "/admin/units/:unitId", component: screen("dashboard") },
  { path: "/admin/units/:unitId/search", component: screen("search") },
  { path: "/admin/units/:unitId/units", component: screen("unitSearch") },
  { path: "/admin/units/:unitId/analytics", component: screen("analytics") },
  { path: "/admin/units/:unitId/competences", component: screen("competences") },
  { path: "/admin/units/:unitId/manage", component: screen("manage") },
  { path: "/admin/units/:unitId/join-code", component: screen("joinCode") },
  { path: "/admin/units/:unitId/audit", component: screen("audit") },
  { path: "/admin/units/:unitId/staff", component: screen("staff") },
  { path: "/admin/units/:unitId/reorganise", component: screen("reorganise") },
  { path: "/admin/units/:unitId/campaigns", component: screen("campaigns") },
  { path: "/admin/units/:unitId/campaigns/:campaignId", component: screen("campaign") },
  { path: "/admin/units/:unitId/ranking", component: screen("teamRanking") },
  { path: "/admin/units/:unitId/members/:userId", component: screen("member") },
  { path: "/admin/*rest", component: screen("notFound") },
];

/** Public (no sign-in needed): setting a password with the one-time code an admin gave (reset, or activation). */
export const resetRoutes: RouteDefinition[] = [
  { path: "/reset-password", component: screen("resetPassword") },
  { path: "/activate", component: screen("activate") },
];
