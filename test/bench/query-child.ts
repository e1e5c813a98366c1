// The reads of a completion-list export without the export, in their own Node process like the export (bundled
// by test/bench/export.ts): the province's subtree, then per unit its members (gsi1) and their progress (gsi2),
// page by page through core's document client, nothing kept. `node query-child.mjs <unitId>` prints one JSON line.
import { queryPages } from "../../packages/core/src/db/query";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import { Unit } from "../../packages/core/src/unit";
import { userKeys } from "../../packages/core/src/user/user.entity";

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const unitId = process.argv[2];
if (!unitId) throw new Error("usage: query-child <unitId>");
const started = performance.now();
const root = await Unit.mustGet(unitId);
let items = 0;
for (const unit of await Unit.subtree(root)) {
  for await (const page of queryPages({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": userKeys.membersOf(unit.id) },
  }))
    items += page.length;
  for await (const page of queryPages({
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :pk",
    ExpressionAttributeValues: { ":pk": progressKeys.byUnitPartition(unit.id) },
  }))
    items += page.length;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
process.stdout.write(`\n${JSON.stringify({ seconds, items, peakRssMB: peakRss / 1024 / 1024 })}\n`);
process.exit(0);
