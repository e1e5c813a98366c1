import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { Seed } from "../seed";
import { COUNTER_SHARDS, activityUpdates, completionCounterUpdates, get, stats } from "./index";
import { counterOf, unitKeys } from "./unit.entity";

/** The counter items in a unit's partition, by sort key. */
async function counterItems(unitId: string) {
  return queryPartition<{ sk: string; attempts?: number; completed?: number }>(unitKeys.partition(unitId), { prefix: unitKeys.statsPrefix });
}

beforeAll(async () => {
  await Seed.demo();
});

describe("unit counters", () => {
  it("names shards after their counter and reads them back as it", () => {
    expect(unitKeys.stats("vn", 0).sk).toBe("STATS");
    expect(unitKeys.stats("vn", 7).sk).toBe("STATS@7");
    expect(unitKeys.courseStats("vn", "safe-online", 3).sk).toBe("STATS#COURSE#safe-online@3");
    expect(counterOf("STATS#COURSE#safe-online@3")).toBe("STATS#COURSE#safe-online");
    expect(counterOf("DAILY#2026-11-26@31")).toBe("DAILY#2026-11-26");
    expect(counterOf("ACTIVE#2026-11")).toBe("ACTIVE#2026-11");
    expect(counterOf("STATS")).toBe("STATS");
  });

  it("spreads the nation's and a province's counters over shards, keeps a team's on one item, and adds them up exactly", async () => {
    const team = (await get("sla-muongbu-banbo"))!;
    const [nation, province, commune] = ["vn", "sla", "sla-muongbu"];
    expect(team.path).toBe(`/${nation}/${province}/${commune}/${team.id}/`);
    const day = { days: 1 };
    const before = { nation: await stats(nation, day), province: await stats(province, day), team: await stats(team.id, day) };
    const { doc } = db();
    const at = new Date().toISOString();
    const runs = 40;
    for (let i = 0; i < runs; i++) {
      const items = [
        ...activityUpdates(team, { at, attempt: { scorePercent: 50 + i }, firstOfMonth: false }),
        ...completionCounterUpdates(team, "safe-online", 1, at.slice(0, 10)),
      ];
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
    }
    const shardsOf = async (unitId: string) => new Set((await counterItems(unitId)).filter((item) => counterOf(item.sk) === "STATS").map((item) => item.sk));
    const nationShards = await shardsOf(nation);
    const provinceShards = await shardsOf(province);
    // 40 writes over 32 (8) shards picked at random: all on one would be a 1 in 32^39 (8^39) chance.
    expect(nationShards.size).toBeGreaterThan(1);
    expect(nationShards.size).toBeLessThanOrEqual(COUNTER_SHARDS[0]!);
    expect(provinceShards.size).toBeGreaterThan(1);
    expect(provinceShards.size).toBeLessThanOrEqual(COUNTER_SHARDS[1]!);
    expect(await shardsOf(team.id)).toEqual(new Set(["STATS"]));
    expect(await shardsOf(commune)).toEqual(new Set(["STATS"]));

    const scores = Array.from({ length: runs }, (_, i) => 50 + i).reduce((a, b) => a + b, 0);
    const today = at.slice(0, 10);
    for (const [unitId, was] of [
      [nation, before.nation],
      [province, before.province],
      [team.id, before.team],
    ] as const) {
      const now = await stats(unitId, day);
      expect(now.attempts - was.attempts).toBe(runs);
      expect(now.scoreSum - was.scoreSum).toBe(scores);
      expect((now.completedByCourse["safe-online"] ?? 0) - (was.completedByCourse["safe-online"] ?? 0)).toBe(runs);
      expect((now.completionsByDay[today] ?? 0) - (was.completionsByDay[today] ?? 0)).toBe(runs);
      expect(now.lastActivityAt).toBe(at);
      expect(now.members).toBe(was.members);
    }
  });

  it("reads the days and months asked for, not every day since the start", async () => {
    const { doc, table } = db();
    const unitId = `window-${Date.now()}`;
    const now = new Date("2026-11-26T10:00:00Z");
    const put = (sk: string, fields: Record<string, number>) =>
      doc.send(new PutCommand({ TableName: table, Item: { pk: unitKeys.partition(unitId), sk, ...fields } }));
    await put("STATS@5", { members: 3, attempts: 2 });
    await put("DAILY#2026-11-26", { completed: 2 });
    await put("DAILY#2026-11-26@3", { completed: 1 });
    await put("DAILY#2026-08-28", { completed: 4 });
    await put("DAILY#2026-08-27", { completed: 9 });
    await put("ACTIVE#2026-11@2", { members: 5 });
    await put("ACTIVE#2025-11", { members: 6 });
    await put("ACTIVE#2025-10", { members: 7 });
    const report = await stats(unitId, { days: 90, months: 13 }, now);
    expect(report.completionsByDay).toEqual({ "2026-11-26": 3, "2026-08-28": 4 });
    expect(report.activeByMonth).toEqual({ "2026-11": 5, "2025-11": 6 });
    expect(report).toMatchObject({ members: 3, attempts: 2 });
    // By default: this month's activity and no days (what a report's rows need).
    const row = await stats(unitId, {}, now);
    expect(row.completionsByDay).toEqual({});
    expect(row.activeByMonth).toEqual({ "2026-11": 5 });
    expect(row).toMatchObject({ members: 3, attempts: 2 });
  });
});
