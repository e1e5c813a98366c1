import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClient } from "../../packages/api/src/local/dynamodb-local";
import { createTableLike, diffItems, exportTable, importLines, type RawItem, scanTable } from "../../packages/core/src/db/backup";
import { resetDb } from "../../packages/core/src/db/client";
import { createTableInput } from "../../packages/core/src/db/table";
import { Seed } from "../../packages/core/src/seed";
import { importTestCourse } from "../fixtures/course";
import { call, finishCourse, signIn } from "./client";

/**
 * docs/restore.md rehearsed against DynamoDB Local: export the live table, restore it into a new table built from the
 * shared definition, switch the app to it the supported way (TABLE_NAME, read again after resetDb(), which is what
 * KNS_RESTORED_TABLE sets on the functions), and check the restored stage answers exactly as the old one did.
 */
const sourceTable = process.env.TABLE_NAME!;
const restoredTable = `${sourceTable}-restored`;
let client: DynamoDBClient;
let dumpDir: string;

type Snapshot = Awaited<ReturnType<typeof observe>>;
let before: Snapshot;
let sourceItems: RawItem[];
let restoredItems: RawItem[];
const codes: string[] = [];

/** What docs/restore.md step "verify" compares: reports (members, completions), certificates, a learner's view. */
async function observe() {
  const national = (await signIn("0912000006")).accessToken;
  const sla = (await signIn("0912000003")).accessToken;
  const learner = (await signIn("0912000001")).accessToken;
  const verify = [];
  for (const code of codes) {
    const res = await call("GET", `/verify/${code}`);
    verify.push({ status: res.status, body: res.json });
  }
  return {
    nationalReport: (await call("GET", "/admin/units/vn/report?courseId=test-course", { token: national })).json,
    provinceReport: (await call("GET", "/admin/units/sla/report?courseId=test-course", { token: sla })).json,
    communeReport: (await call("GET", "/admin/units/sla-muongbu/report", { token: sla })).json,
    verify,
    learnerCertificates: (await call("GET", "/me/certificates", { token: learner })).json,
  };
}

/** Reports carry "now"-relative fields (this month's activity series); keep them but drop wall-clock stamps, if any. */
function counters(report: any) {
  const pick = (u: any) => ({ unitId: u.unitId, members: u.members, completed: u.completed, percent: u.percent });
  return { unit: pick(report.unit), children: (report.children ?? []).map(pick) };
}

beforeAll(async () => {
  client = localClient(inject("dynamoEndpoint"));
  dumpDir = mkdtempSync(join(tmpdir(), "kns-restore-"));
  await Seed.demo();
  await importTestCourse();

  // Some new members in the demo village, through the public sign-up with a join code, as in the field.
  const sla = (await signIn("0912000003")).accessToken;
  const joinCode = (await call("POST", "/admin/units/sla-muongbu-banbo/join-code", { token: sla })).json.joinCode as string;
  const phones = ["0983000101", "0983000102", "0983000103"];
  for (const [i, phone] of phones.entries()) {
    const res = await call("POST", "/auth/register", {
      body: { phone, password: "RuongBac2026", fullName: ["Lò Văn Một", "Lò Văn Hai", "Lò Văn Ba"][i], joinCode, consent: true },
    });
    if (res.status !== 201) throw new Error(`register ${phone}: ${res.status} ${res.text}`);
  }

  // Two of them and the demo learner complete the course, so certificates and completion counters exist.
  for (const [phone, password] of [
    ["0912000001", Seed.DEMO_PASSWORD],
    ["0983000101", "RuongBac2026"],
    ["0983000102", "RuongBac2026"],
  ] as const) {
    const { accessToken } = await signIn(phone, password);
    await finishCourse(accessToken, "test-course");
    const mine = await call("GET", "/me/certificates", { token: accessToken });
    codes.push(...mine.json.items.map((c: { code: string }) => c.code));
  }
  expect(codes).toHaveLength(3);
  before = await observe();

  // 1. Export: a full paginated Scan, written as JSON lines to a file (what scripts/table-backup.ts does).
  sourceItems = [];
  for await (const item of scanTable(client, sourceTable, 7)) sourceItems.push(item); // small pages: pagination is exercised
  const dump = join(dumpDir, "table.jsonl");
  writeFileSync(dump, `${(await exportTable(client, sourceTable)).join("\n")}\n`);

  // 2. Restore into a new table with the real table's keys and indexes, from the file.
  await createTableLike(client, restoredTable);
  const written = await importLines(client, restoredTable, readFileSync(dump, "utf8").split("\n"));
  expect(written).toBe(sourceItems.length);

  // 3. Repoint the app at the restored table, the way a stage is repointed (TABLE_NAME from KNS_RESTORED_TABLE).
  process.env.TABLE_NAME = restoredTable;
  resetDb();
  restoredItems = [];
  for await (const item of scanTable(client, restoredTable)) restoredItems.push(item);
}, 120_000);

afterAll(async () => {
  process.env.TABLE_NAME = sourceTable;
  resetDb();
  await client?.send(new DeleteTableCommand({ TableName: restoredTable })).catch(() => undefined);
  client?.destroy();
  rmSync(dumpDir, { recursive: true, force: true });
});

describe("a restored table", () => {
  it("has the same keys and indexes as the table it replaces", async () => {
    const expected = createTableInput(restoredTable);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: restoredTable }));
    expect(Table!.KeySchema).toEqual(expected.KeySchema);
    expect(
      Table!.GlobalSecondaryIndexes!.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema })).sort((a, b) => a.IndexName!.localeCompare(b.IndexName!)),
    ).toEqual(expected.GlobalSecondaryIndexes.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema })));
  });

  it("holds every item, unchanged, and nothing else", () => {
    expect(sourceItems.length).toBeGreaterThan(50);
    expect(restoredItems).toHaveLength(sourceItems.length);
    expect(diffItems(sourceItems, restoredItems)).toEqual({ missing: [], extra: [], changed: [] });
  });

  it("holds every certificate item exactly as issued", () => {
    const certificates = (items: RawItem[]) =>
      items
        .filter((item) => item.pk?.S?.startsWith("CERT#") || item.sk?.S?.startsWith("CERT#"))
        .sort((a, b) => `${a.pk!.S}${a.sk!.S}`.localeCompare(`${b.pk!.S}${b.sk!.S}`));
    const issued = certificates(sourceItems);
    expect(issued.length).toBe(codes.length * 2); // the certificate and the holder's copy
    expect(certificates(restoredItems)).toEqual(issued);
  });

  it("is what the app now reads: a sign-in writes its refresh token to the restored table, not the old one", async () => {
    const count = async (table: string, prefix: string) => {
      let n = 0;
      for await (const item of scanTable(client, table)) if (item.pk?.S?.startsWith(prefix)) n++;
      return n;
    };
    const [oldBefore, newBefore] = [await count(sourceTable, "REFRESH#"), await count(restoredTable, "REFRESH#")];
    await signIn("0983000103", "RuongBac2026");
    expect(await count(sourceTable, "REFRESH#")).toBe(oldBefore);
    expect(await count(restoredTable, "REFRESH#")).toBe(newBefore + 1);
  });

  it("answers certificate verification valid with the same facts", async () => {
    for (const [i, code] of codes.entries()) {
      const res = await call("GET", `/verify/${code}`);
      expect(res.status).toBe(200);
      expect(res.json.valid).toBe(true);
      expect(res.json).toEqual(before.verify[i]!.body);
    }
  });

  it("gives the same members and completions per province, commune and village, and the learner signs in to the same certificates", async () => {
    const now = await observe();
    expect(counters(now.nationalReport)).toEqual(counters(before.nationalReport));
    expect(counters(now.provinceReport)).toEqual(counters(before.provinceReport));
    expect(counters(now.communeReport)).toEqual(counters(before.communeReport));
    expect(counters(now.provinceReport).unit).toMatchObject({ members: 5, completed: 3 });
    expect(now.provinceReport).toEqual(before.provinceReport);
    expect(now.learnerCertificates).toEqual(before.learnerCertificates);
  });
});

describe("the comparison that guards the restore", () => {
  it("notices a dropped, an added and an altered item", () => {
    const [first, second, ...rest] = sourceItems;
    const altered = { ...second!, extra: { S: "x" } };
    const diff = diffItems(sourceItems, [altered, ...rest, { pk: { S: "NEW" }, sk: { S: "NEW" } }]);
    expect(diff.missing).toHaveLength(1);
    expect(diff.extra).toHaveLength(1);
    expect(diff.changed).toHaveLength(1);
    expect(first).toBeDefined();
  });

  it("refuses an exported line that is not an item of this table", async () => {
    await expect(importLines(client, restoredTable, [JSON.stringify({ id: { S: randomUUID() } })])).rejects.toThrow(/not an item/);
  });
});
