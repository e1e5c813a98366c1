// `npx tsx test/bench/reminder-tick.ts [learners…]`: what the reminder tick reads from DynamoDB, before and after it
// fanned out into batch jobs (issue 22), for one campaign over a commune of N learners (5 a team), on the day of
// a due-date reminder. Counts requests, items returned and capacity units (DynamoDB Local reports them as AWS
// bills them) for: the first tick of the day, every later tick that day, and the batch jobs. The "before" figures
// run the tick as it was at commit 6bbbf62 (read from git), against its own table with the same data. Not a
// timing: nothing here is measured in milliseconds.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureTable, localClient, startDynamoLocal } from "../../packages/api/src/local/dynamodb-local";
import { Campaign } from "../../packages/core/src/campaign";
import { generateSigningKey } from "../../packages/core/src/certificate/signature";
import { db, resetDb } from "../../packages/core/src/db/client";
import { Job } from "../../packages/core/src/job";
import { vietnamDay } from "../../packages/core/src/model";
import { Reminder } from "../../packages/core/src/reminder";
import { Seed } from "../../packages/core/src/seed";
import { importTestCourse } from "../fixtures/course";
import { RawDynamo } from "./ddb";
import { createTree, seedMembers } from "./seed";

const BEFORE_COMMIT = "6bbbf62";
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const LEARNERS = sizes.length ? sizes : [500, 2000];
const PER_TEAM = 5;

interface Count {
  requests: number;
  items: number;
  readUnits: number;
  writeUnits: number;
}
const zero = (): Count => ({ requests: 0, items: 0, readUnits: 0, writeUnits: 0 });
let current: Count = zero();

/** Counts every request of core's document client, asking DynamoDB for the capacity it consumed. */
function instrument() {
  const { doc } = db();
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const o = out.output as Record<string, unknown>;
      current.requests++;
      current.items += Array.isArray(o.Items) ? o.Items.length : o.Item ? 1 : 0;
      if (o.Responses && !Array.isArray(o.Responses)) for (const list of Object.values(o.Responses as Record<string, unknown[]>)) current.items += list.length;
      const consumed = ([] as { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }[]).concat(
        (o.ConsumedCapacity as never) ?? [],
      );
      for (const c of consumed) {
        // Reads report CapacityUnits only; writes (and transactions) too, so tell them apart by the command.
        const write = /Put|Update|Delete|TransactWrite|BatchWrite/.test(String((context as { commandName?: string }).commandName));
        if (c.ReadCapacityUnits || c.WriteCapacityUnits) {
          current.readUnits += c.ReadCapacityUnits ?? 0;
          current.writeUnits += c.WriteCapacityUnits ?? 0;
        } else if (write) current.writeUnits += c.CapacityUnits ?? 0;
        else current.readUnits += c.CapacityUnits ?? 0;
      }
      return out;
    },
    { step: "initialize", name: "count-requests" },
  );
}

async function measure<T>(run: () => Promise<T>): Promise<{ value: T; count: Count }> {
  current = zero();
  const value = await run();
  return { value, count: current };
}

/** A commune of `learners` members under a new province, one course, one campaign due in 7 days. */
async function seedCampaign(endpoint: string, table: string, learners: number, prefix: string) {
  process.env.TABLE_NAME = table;
  resetDb();
  const client = localClient(endpoint);
  await ensureTable(client, table);
  client.destroy();
  await Seed.demo();
  await importTestCourse("reminded");
  const { province, teams } = await createTree(prefix, 1, learners / PER_TEAM);
  await seedMembers(new RawDynamo(endpoint, table), teams, learners, "097");
  const today = vietnamDay(new Date());
  const dueOn = vietnamDay(new Date(Date.parse(`${today}T12:00:00+07:00`) + 7 * 86_400_000));
  const session = { userId: "bench", roles: ["super-admin" as const], unitId: null, sessionVersion: 0 };
  await Campaign.create(
    session,
    { unitId: province.id, courseIds: ["reminded"], startsOn: today, dueOn, targetPercent: 80, title: "Đo nhắc việc" },
    { userId: "bench" },
  );
  instrument();
  return today;
}

const row = (label: string, c: Count) =>
  `${label.padEnd(44)} ${String(c.requests).padStart(8)} ${String(c.items).padStart(8)} ${c.readUnits.toFixed(1).padStart(9)} ${c.writeUnits.toFixed(1).padStart(9)}`;

async function main() {
  // On a busy shared machine DynamoDB Local may take longer than its 30 s to answer: try again.
  let dynamo: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
  for (let attempt = 0; !dynamo; attempt++) {
    try {
      dynamo = await startDynamoLocal();
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TOKEN_SECRET ??= "bench-token-secret-that-is-long-enough-0123456789";
  process.env.LINK_SECRET ??= "bench-link-secret-that-is-not-the-token-secret-42";
  process.env.CERT_SIGNING_KEY ??= generateSigningKey();
  process.env.LOG_LEVEL = "silent";
  // The tick as it was, beside this file so its imports resolve; removed when done.
  const beforePath = join(import.meta.dirname, `.reminder-before-${process.pid}.ts`);
  const source = execFileSync("git", ["show", `${BEFORE_COMMIT}:packages/core/src/reminder/index.ts`], { encoding: "utf8" })
    .replace('export * as Reminder from "./index";', "")
    .replaceAll('"../', '"../../packages/core/src/')
    .replace('from "./reminder.entity"', 'from "../../packages/core/src/reminder/reminder.entity"');
  writeFileSync(beforePath, source);
  const lines: string[] = [];
  try {
    const before = (await import(beforePath)) as { tick: (now?: Date) => Promise<unknown> };
    Job.runLocally(async (message) => {
      if (message.kind === "reminders") await Reminder.runBatch(message.id);
    });
    for (const learners of LEARNERS) {
      lines.push(`\n${learners} learners in ${learners / PER_TEAM} teams, one campaign, a due-date day`);
      lines.push(`${"".padEnd(44)} ${"requests".padStart(8)} ${"items".padStart(8)} ${"read RU".padStart(9)} ${"write WU".padStart(9)}`);
      // Before: one table, the old tick.
      let today = await seedCampaign(dynamo.endpoint, `before-${randomUUID()}`, learners, `b${learners}`);
      const first = await measure(() => before.tick(new Date(`${today}T09:00:00+07:00`)));
      const later = await measure(() => before.tick(new Date(`${today}T09:15:00+07:00`)));
      lines.push(row("before: first tick of the day (sends inline)", first.count));
      lines.push(row("before: every later tick that day", later.count));
      // After: a fresh table, the fanned-out tick and its batches.
      today = await seedCampaign(dynamo.endpoint, `after-${randomUUID()}`, learners, `a${learners}`);
      Job.runLocally(undefined);
      const plan = await measure(() => Reminder.tick(new Date(`${today}T09:00:00+07:00`)));
      const again = await measure(() => Reminder.tick(new Date(`${today}T09:15:00+07:00`)));
      const ids = plan.value.batchIds;
      const batches: Count[] = [];
      for (const id of ids) batches.push((await measure(() => Reminder.runBatch(id))).count);
      const total = batches.reduce(
        (sum, c) => ({
          requests: sum.requests + c.requests,
          items: sum.items + c.items,
          readUnits: sum.readUnits + c.readUnits,
          writeUnits: sum.writeUnits + c.writeUnits,
        }),
        zero(),
      );
      lines.push(row("after: first tick of the day (plans, queues)", plan.count));
      lines.push(row("after: every later tick that day", again.count));
      lines.push(row(`after: one batch (${Reminder.TEAMS_PER_BATCH} teams, ${Reminder.TEAMS_PER_BATCH * PER_TEAM} people)`, batches[0] ?? zero()));
      lines.push(row(`after: all ${ids.length} batches`, total));
      const rerun = await measure(() => Reminder.runBatch(ids[0]!));
      lines.push(row("after: a batch delivered again by the queue", rerun.count));
      console.log(lines.splice(0).join("\n"));
    }
  } finally {
    rmSync(beforePath, { force: true });
    await dynamo.stop();
  }
}

await main();
