// The reads of a completion-list export without the export, in their own Node process like the export (bundled
// by test/bench/export.ts): the unit's subtree, then per unit its members (gsi1) and, when it has any, their
// progress (gsi2; one course's when a course is given, as the export of one course reads it), page by page
// through core's document client, nothing kept. The units are read as the export reads them, EXPORT_CONCURRENCY
// at a time through the same ordered window, so the export's figure over this one is what the export adds.
// `node query-child.mjs <unitId> [courseId]` prints one JSON line.
import { EXPORT_CONCURRENCY } from "../../packages/core/src/completion-list";
import { mapOrdered } from "../../packages/core/src/db/ordered";
import { queryPages } from "../../packages/core/src/db/query";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import { Unit } from "../../packages/core/src/unit";
import { userKeys } from "../../packages/core/src/user/user.entity";

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const [unitId, courseId] = process.argv.slice(2);
if (!unitId) throw new Error("usage: query-child <unitId> [courseId]");
const started = performance.now();
const root = await Unit.mustGet(unitId);
/** One unit's pages, counted and dropped. */
const read = async (unit: Unit.Info) => {
  let members = 0;
  let progress = 0;
  for await (const page of queryPages({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": userKeys.membersOf(unit.id) },
  }))
    members += page.length;
  // The export skips the progress of a unit nobody is attached to (most provinces and communes): so does its floor.
  if (members)
    for await (const page of queryPages({
      IndexName: "gsi2",
      KeyConditionExpression: courseId ? "gsi2pk = :pk AND begins_with(gsi2sk, :course)" : "gsi2pk = :pk",
      ExpressionAttributeValues: {
        ":pk": progressKeys.byUnitPartition(unit.id),
        ...(courseId ? { ":course": progressKeys.byUnitCoursePrefix(courseId) } : {}),
      },
    }))
      progress += page.length;
  return members + progress;
};
let items = 0;
for await (const count of mapOrdered(await Unit.subtree(root), EXPORT_CONCURRENCY, read)) items += count;
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
process.stdout.write(`\n${JSON.stringify({ seconds, items, peakRssMB: peakRss / 1024 / 1024 })}\n`);
process.exit(0);
