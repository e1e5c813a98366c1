import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { resetDb } from "@kns/core/db/client";
import { Job } from "@kns/core/job";
import { Reminder } from "@kns/core/reminder";
import { Seed } from "@kns/core/seed";
import { runJob } from "./jobs";
import { createApp } from "./app";
import { JavaMissingError, LOCAL_TABLE_NAME, ensureTable, localClient, recordRunningDynamo, startDynamoLocal } from "./local/dynamodb-local";
import { loadLocalSecrets } from "./local/secrets";
import { mountWebApp } from "./local/static";
import { setAddressResolver } from "./middleware/request-context";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const TABLE_NAME = LOCAL_TABLE_NAME;

/**
 * `npm start`: DynamoDB Local under DATA_DIR, the table, the demo seed, then API + web app on one port.
 */
async function main() {
  const started = performance.now();
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  const dynamoPort = process.env.DYNAMODB_PORT ? Number(process.env.DYNAMODB_PORT) : undefined;

  const secrets = loadLocalSecrets(dataDir);
  process.env.TOKEN_SECRET ??= secrets.tokenSecret;
  process.env.LINK_SECRET ??= secrets.linkSecret;
  process.env.CERT_SIGNING_KEY ??= secrets.certificateSigningKey;
  process.env.VAPID_PUBLIC_KEY ??= secrets.vapidPublicKey;
  process.env.VAPID_PRIVATE_KEY ??= secrets.vapidPrivateKey;
  // Messages are also written to the dev inbox (GET /api/v1/dev/messages): SMS and Zalo are not configured locally.
  process.env.DEV_INBOX ??= "1";
  process.env.DATA_DIR = dataDir;
  process.env.PUBLIC_URL ??= `http://localhost:${port}`;
  const dynamo = await startDynamoLocal({ port: dynamoPort, dataDir });
  recordRunningDynamo(dataDir, dynamo.endpoint);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = TABLE_NAME;
  resetDb();

  let server: ReturnType<typeof serve> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await dynamo.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    const admin = localClient(dynamo.endpoint);
    await ensureTable(admin, TABLE_NAME);
    admin.destroy();
    await Seed.demo();
    const curriculum = await Seed.curriculum(resolve(ROOT, "content/courses"));
    for (const line of curriculum) console.log(`  course ${line.id}: v${line.version}${line.published ? " (published now)" : ""}`);
  } catch (err) {
    await dynamo.stop();
    throw err;
  }

  void loadWholeMap();
  Job.runLocally(runJob);
  startReminderClock();
  for (const job of await Job.active()) {
    console.log(`  resuming ${job.kind} job ${job.id} (${job.status} when the server stopped)`);
    await Job.enqueue({ kind: job.kind, id: job.id });
  }
  setAddressResolver((c) => getConnInfo(c).remote.address);
  const app = createApp();
  const hasWeb = mountWebApp(app, resolve(ROOT, "web/dist"));

  server = serve({ fetch: app.fetch, port }, () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const url = `http://localhost:${port}`;
    console.log(`\nKỹ Năng Số is running at ${url}  (ready in ${seconds} s)`);
    if (!hasWeb) console.log("  (web app not built: run `npm run build` to serve it)");
    console.log(`  data: ${dataDir}   DynamoDB Local: ${dynamo.endpoint}\n`);
    console.log(`  Demo accounts (password ${Seed.DEMO_PASSWORD}):`);
    for (const account of Seed.DEMO_ACCOUNTS) console.log(`    ${account.phone}  ${account.fullName.padEnd(18)} ${account.label}`);
    console.log(`  Team join code: ${Seed.DEMO_JOIN_CODE}\n  Ctrl-C to stop.`);
  });
  server.on("error", async (err) => {
    console.error(`Cannot listen on port ${port}: ${err.message}. Set PORT to use another port.`);
    await dynamo.stop();
    process.exit(1);
  });
}

/** How often the local server runs the scheduled work (AWS: the worker, from EventBridge Scheduler, as often). */
const TICK_MS = 15 * 60_000;

/** Reminders and waiting announcements, the same handler as in AWS (Reminder.tick), in this process. */
function startReminderClock() {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await Reminder.tick();
      if (result.batches || result.broadcasts)
        console.log(`  reminders: ${result.batches} batches queued for ${result.planned} campaigns, ${result.broadcasts} waiting jobs released`);
    } catch (err) {
      console.error(`  reminders: the scheduled run failed (${(err as Error).message}); it runs again in 15 minutes.`);
    } finally {
      running = false;
    }
  };
  setTimeout(() => void tick(), 30_000).unref();
  setInterval(() => void tick(), TICK_MS).unref();
}

/**
 * The demo's provinces are seeded before the server listens; the other 3,200 communes take a couple of minutes
 * on the first start (DynamoDB Local on disk), so they load while it serves. Later starts read one marker item.
 */
async function loadWholeMap() {
  const started = performance.now();
  try {
    const map = await Seed.wholeMap();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!map.skipped)
      console.log(`  official map ${map.version}: ${map.provinces} provinces, ${map.communes} communes, ${map.created} units added (${seconds} s)`);
  } catch (err) {
    console.error(`  official map: loading stopped (${(err as Error).message}); it resumes on the next start or with \`npm run setup -- units\`.`);
  }
}

main().catch((err) => {
  if (err instanceof JavaMissingError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
