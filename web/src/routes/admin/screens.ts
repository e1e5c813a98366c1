/**
 * The admin screens, each its own chunk. The route table (routes.ts, in the main bundle) reaches them only
 * through this small module, so the sign-in screen's first load carries one import instead of a list of
 * every admin chunk and stylesheet.
 */
const screens = {
  home: () => import("./admin-home"),
  import: () => import("./import-members"),
  teamsImport: () => import("./teams-import"),
  dashboard: () => import("./unit-dashboard"),
  search: () => import("./member-search"),
  unitSearch: () => import("./unit-search"),
  analytics: () => import("./question-analytics"),
  competences: () => import("./competences"),
  manage: () => import("./manage-unit"),
  joinCode: () => import("./join-code"),
  audit: () => import("./audit"),
  staff: () => import("./staff"),
  reorganise: () => import("./reorganise"),
  campaigns: () => import("./campaigns"),
  campaign: () => import("./campaign"),
  member: () => import("./member"),
  teamRanking: () => import("./team-ranking"),
  notFound: () => import("./admin-not-found"),
  resetPassword: () => import("./reset-password"),
  activate: () => import("./activate"),
};

export type AdminScreen = keyof typeof screens;

export function load(name: AdminScreen) {
  return screens[name]();
}
