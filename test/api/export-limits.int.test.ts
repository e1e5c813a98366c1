import { randomUUID } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { CompletionList } from "../../packages/core/src/completion-list";
import { db } from "../../packages/core/src/db/client";
import { Job } from "../../packages/core/src/job";
import { XLSX_MAX_ROWS } from "../../packages/core/src/model";
import { objects } from "../../packages/core/src/storage";
import { unitKeys } from "../../packages/core/src/unit/unit.entity";
import { importTestCourse } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

/**
 * An Excel sheet holds 1,048,576 rows. A completion list longer than that is refused as XLSX before any job
 * starts (the unit's counters say how many people it lists), and a run that finds more rows than the counters
 * said fails once, saying why, with nothing stored. No job runner is registered here: jobs stay queued until a
 * test runs one.
 */
let sla: string;

/** Adds `n` to the members counter of unit `sla` (the seed's province: 2 members), as activations would. */
async function addMembers(n: number) {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({ TableName: table, Key: unitKeys.stats("sla"), UpdateExpression: "ADD members :n", ExpressionAttributeValues: { ":n": n } }),
  );
}

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  sla = (await signIn("0912000003")).accessToken;
});

describe("an XLSX list longer than a sheet", () => {
  it("is accepted up to the sheet's last row, refused past it with a 400 and no job, and still given as CSV", async () => {
    const body = { unitId: "sla", courseId: "test-course", format: "xlsx" };
    // 2 members + this many = exactly the rows a sheet holds below its header.
    await addMembers(XLSX_MAX_ROWS - 2);
    const atLimit = await call("POST", "/admin/exports", { token: sla, body: { ...body, id: randomUUID() } });
    expect(atLimit.status).toBe(202);

    await addMembers(1);
    const id = randomUUID();
    const refused = await call("POST", "/admin/exports", { token: sla, body: { ...body, id } });
    expect(refused.status).toBe(400);
    expect(expectErrorShape(refused.json).code).toBe("export.too_many_rows");
    expect(refused.json.error.params).toEqual({ limit: XLSX_MAX_ROWS });
    expect(await Job.get(id)).toBeUndefined();
    // Asked again, it is refused again (nothing half-made in between).
    expect((await call("POST", "/admin/exports", { token: sla, body: { ...body, id } })).status).toBe(400);

    // Every course at once: refused too. CSV has no such limit, and the same id then starts it.
    expect((await call("POST", "/admin/exports", { token: sla, body: { unitId: "sla", format: "xlsx" } })).status).toBe(400);
    const csv = await call("POST", "/admin/exports", { token: sla, body: { ...body, format: "csv", id } });
    expect(csv.status).toBe(202);
    expect(csv.json.id).toBe(id);
    await addMembers(-(XLSX_MAX_ROWS - 1));
  });

  it("fails the run once, with the code for the admin, when the rows outgrow the sheet as they are written", async () => {
    const res = await call("POST", "/admin/exports", { token: sla, body: { id: randomUUID(), unitId: "sla", courseId: "test-course", format: "xlsx" } });
    expect(res.status).toBe(202);
    // The province lists 2 rows: a sheet of 1 row below its header cannot hold them. Resolves, so the queue does not retry.
    await expect(CompletionList.run(res.json.id, { xlsxMaxRows: 1 })).resolves.toBeUndefined();
    const status = await call("GET", `/admin/exports/${res.json.id}`, { token: sla });
    expect(status.json).toMatchObject({ status: "failed", errorCode: "export.too_many_rows" });
    expect(status.json.downloadUrl).toBeUndefined();
    expect(await objects().get(`exports/${res.json.id}.xlsx`)).toBeUndefined();

    // The same rows fit a sheet of 2: the run writes them.
    const fits = await call("POST", "/admin/exports", { token: sla, body: { id: randomUUID(), unitId: "sla", courseId: "test-course", format: "xlsx" } });
    await CompletionList.run(fits.json.id, { xlsxMaxRows: 2 });
    const done = await call("GET", `/admin/exports/${fits.json.id}`, { token: sla });
    expect(done.json).toMatchObject({ status: "done", rows: 2 });
    expect(done.json.errorCode).toBeUndefined();
  });
});
