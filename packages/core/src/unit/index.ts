export * as Unit from "./index";
export * from "./tree";
export * from "./path";
export * from "./counters";
export * from "./history";
export * from "./join-code";
export * from "./alias";
export * from "./official-map";
export * from "./lookup";
