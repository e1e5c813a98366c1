/**
 * `npm run check:content [-- <course folder>…]`: the content check (packages/core/src/curriculum/check.ts) over
 * the shipped courses, or the folders given, printed for the person writing them. Exits 1 on any problem.
 */
import { resolve } from "node:path";
import { checkCourseFolder, checkCurriculum } from "../packages/core/src/curriculum/check";

const folders = process.argv.slice(2);
const results = folders.length ? folders.map((folder) => checkCourseFolder(resolve(folder))) : checkCurriculum(resolve("content/courses"));
let failed = false;
for (const course of results) {
  const share = course.questions ? Math.round((100 * course.beyondSingle) / course.questions) : 0;
  console.log(
    `${course.id} (${course.audience}): ${course.modules} modules, ${course.questions} questions, ${share}% beyond single choice, ${course.scenarios} scenarios`,
  );
  for (const problem of course.problems) console.log(`  ✗ ${problem}`);
  failed ||= course.problems.length > 0;
}
process.exit(failed ? 1 : 0);
