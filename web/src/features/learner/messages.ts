import { defineArea } from "../../i18n";
import { glossary } from "../../i18n/glossary";
import vi from "./messages.vi";

/** Strings of the learner screens (catalogue, course, lesson, quiz, progress, certificates, outbox…). */
export const learnerMessages = defineArea({ vi, en: () => import("./messages.en"), shared: glossary });
