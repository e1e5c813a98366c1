export * as Unit from "./index";
export * from "./tree";
export * from "./path";
export * from "./counters";
export * from "./join-code";
