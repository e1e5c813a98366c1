import { defineArea, type AreaKey } from "../../../i18n";
import { trainerMessages } from "../messages";
import vi from "./scenario.vi";

/** The scenario editor's strings, on top of the trainer area's (so `t` has both). */
export const scenarioEditorMessages = defineArea({ vi, en: () => import("./scenario.en"), shared: trainerMessages });

export type ScenarioEditorKey = AreaKey<typeof scenarioEditorMessages>;
