import { defineArea } from "../../i18n";
import { learnerFrameMessages } from "./frame-messages";
import vi from "./messages.vi";

/** Strings of the learner screens (catalogue, course, quiz, progress, certificates, outbox…), with the frame's and the lesson's (./frame-messages.ts). */
export const learnerMessages = defineArea({ vi, en: () => import("./messages.en"), shared: learnerFrameMessages });
