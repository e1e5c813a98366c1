/**
 * Logical export, import and comparison of the table (docs/restore.md). The same functions the restore rehearsal
 * test uses (packages/core/src/db/backup.ts).
 *
 *   AWS_REGION=ap-southeast-1 npx tsx scripts/table-backup.ts export  --table kns-prod-… --file dump.jsonl
 *   AWS_REGION=ap-southeast-1 npx tsx scripts/table-backup.ts import  --table kns-prod-copy --file dump.jsonl [--create]
 *   AWS_REGION=ap-southeast-1 npx tsx scripts/table-backup.ts compare --table kns-prod-… --with kns-prod-restored-…
 *
 * Locally, DYNAMODB_ENDPOINT points at DynamoDB Local. A full Scan reads every item: run it off-peak against prod.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTableLike, diffItems, importLines, type RawItem, scanTable } from "../packages/core/src/db/backup";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { table: { type: "string" }, file: { type: "string" }, with: { type: "string" }, create: { type: "boolean" } },
});
const [command] = positionals;
const table = values.table;
if (!table || !["export", "import", "compare"].includes(command ?? "")) {
  console.error("usage: table-backup.ts export|import|compare --table NAME [--file F] [--with OTHER] [--create]");
  process.exit(2);
}
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient({
  endpoint,
  region: process.env.AWS_REGION ?? "ap-southeast-1",
  ...(endpoint ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
});

async function all(name: string) {
  const items: RawItem[] = [];
  for await (const item of scanTable(client, name)) items.push(item);
  return items;
}

if (command === "export") {
  if (!values.file) throw new Error("--file is required");
  const out = createWriteStream(values.file);
  let n = 0;
  for await (const item of scanTable(client, table)) {
    if (!out.write(`${JSON.stringify(item)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    n++;
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  console.log(`exported ${n} items of ${table} to ${values.file}`);
} else if (command === "import") {
  if (!values.file) throw new Error("--file is required");
  if (values.create) await createTableLike(client, table);
  const n = await importLines(client, table, readFileSync(values.file, "utf8").split("\n"));
  console.log(`imported ${n} items into ${table}`);
} else {
  if (!values.with) throw new Error("--with is required");
  const [a, b] = [await all(table), await all(values.with)];
  const diff = diffItems(a, b);
  console.log(`${table}: ${a.length} items, ${values.with}: ${b.length} items`);
  console.log(`missing ${diff.missing.length}, extra ${diff.extra.length}, changed ${diff.changed.length}`);
  for (const key of [...diff.missing, ...diff.extra, ...diff.changed].slice(0, 50)) console.log(`  ${key.replace("\u0000", " | ")}`);
  process.exitCode = diff.missing.length + diff.changed.length > 0 ? 1 : 0;
}
client.destroy();
