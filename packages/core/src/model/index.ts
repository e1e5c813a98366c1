/**
 * The runtime-free model: the facts the server and the web app must agree on, with no zod, Node or AWS imports,
 * so the browser can import them freely (`@kns/core/model`). Core's schemas and rules are built from these.
 */
export * from "./limits";
export * from "./content";
export * from "./competence";
export * from "./currency";
export * from "./questions";
export * from "./phone";
export * from "./certificate-code";
export * from "./problems";
export * from "./errors";
export * from "./people";
export * from "./member-import";
export * from "./team-import";
export type * from "./wire";
export * from "./text";
export * from "./staff";
export * from "./field-work";
export * from "./notify";
export * from "./campaign";
export * from "./effectiveness";
export * from "./question-analytics";
export * from "./search";
export * from "./unit-search";
export * from "./scenario";
export * from "./review";
