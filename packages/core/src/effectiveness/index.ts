export * as Effectiveness from "./index";

/**
 * Team effectiveness (docs/effectiveness.md, "Team effectiveness score"): each team scored on learning and
 * outreach, ranked within its commune, with per-province weights (`weights.ts`), the score (`score.ts`), the
 * monthly recognition and its badges (`recognition.ts`) and the team's printable certificate (`certificate.ts`).
 */
export * from "./weights";
export * from "./score";
export * from "./recognition";
