import type { Messages } from "../../i18n";
import type vi from "./question-analytics.vi";

export default {
  "qaAdmin.pageTitle": "{unit} – Question analytics",
  "qaAdmin.title": "Question analytics",
  "qaAdmin.intro": "Which questions the members of {unit} get wrong, to see which topics need more guidance. Figures only: nobody is named.",
  "qaAdmin.course": "Course",
  "qaAdmin.version": "Figures for version {n}, the course's current version.",
  "qaAdmin.notPublished": "This course has not been published yet, so nobody has taken its quizzes.",
  "qaAdmin.noCourses": "There are no courses yet.",
  "qaAdmin.unitLevel": "Question analytics are counted for the whole country and for each province, not for a single commune or team.",
} satisfies Messages<typeof vi>;
