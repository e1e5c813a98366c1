import { beforeAll, describe, expect, it } from "vitest";
import { Audit } from "../../packages/core/src/audit";
import { Seed } from "../../packages/core/src/seed";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { call, expectErrorShape, signIn } from "./client";

let source: Awaited<ReturnType<typeof Unit.readOfficialMap>>;
let first: Unit.LoadResult;
let national: string;

beforeAll(async () => {
  source = await Unit.readOfficialMap();
  // As `npm start` does: the demo inside the map first, then the whole map.
  await Seed.demo();
  first = await Seed.wholeMap();
  await User.ensure({ id: "map-national-admin", phone: "0912555001", fullName: "Hà Văn Quốc", roles: ["admin"], unitId: "vn", password: Seed.DEMO_PASSWORD });
  national = (await signIn("0912555001")).accessToken;
}, 180_000);

describe("the official 2025 map", () => {
  it("holds 34 provinces and 3,321 communes, Sơn La with 75", async () => {
    expect(source.map).toHaveLength(34);
    expect(source.map.reduce((sum, province) => sum + province.communes.length, 0)).toBe(3321);
    expect(first).toMatchObject({ skipped: false, provinces: 34, communes: 3321, recoded: 0, renamed: 0, moved: 0 });
    // Seed.demo() put in the 34 provinces and the 120 communes of Sơn La and Điện Biên; the rest came now.
    expect(first.created).toBe(3321 - 75 - 45);
    const units = await Unit.subtree({ path: "/vn/" });
    expect(units.filter((unit) => unit.kind === "province")).toHaveLength(34);
    expect(units.filter((unit) => unit.kind === "commune")).toHaveLength(3321);
    expect(await Unit.children("sla")).toHaveLength(75);
    expect(await Unit.children("dbn")).toHaveLength(45);
  });

  it("keeps the official codes and finds units by them", async () => {
    expect(await Unit.resolve("14")).toMatchObject({ id: "sla", code: "14", name: "Tỉnh Sơn La", kind: "province", path: "/vn/sla/" });
    expect(await Unit.resolve("03847")).toMatchObject({ id: "sla-muongbu", name: "Xã Mường Bú", parentId: "sla" });
    expect(await Unit.resolve("01")).toMatchObject({ id: "p01", name: "Thành phố Hà Nội", parentId: "vn" });
    const hanoiCommune = source.map.find((p) => p.code === "01")!.communes[0]!;
    expect(await Unit.resolve(hanoiCommune.code)).toMatchObject({
      id: `c${hanoiCommune.code}`,
      name: hanoiCommune.name,
      path: `/vn/p01/c${hanoiCommune.code}/`,
    });
    expect(await Unit.resolve("99999")).toBeUndefined();
  });

  it("resolves the demo's old codes as aliases of the official units", async () => {
    for (const [alias, id, code] of [
      ["SLA", "sla", "14"],
      ["sla", "sla", "14"],
      ["DBN", "dbn", "11"],
      ["SLA-MUONGBU", "sla-muongbu", "03847"],
      ["SLA-TOHIEU", "sla-tohieu", "03646"],
      ["SLA-MOCCHAU", "sla-mocchau", "03980"],
      ["DBN-DIENBIENPHU", "dbn-dienbienphu", "03127"],
      ["DBN-MUONGPHANG", "dbn-muongphang", "03325"],
    ] as const) {
      expect(await Unit.resolve(alias)).toMatchObject({ id, code });
    }
    expect((await Unit.get("sla"))?.aliases).toEqual(["SLA"]);
    expect(await Unit.resolve("SLA-MUONGBU-BANBO")).toMatchObject({ id: Seed.DEMO_TEAM_ID, parentId: "sla-muongbu" });
  });

  it("refuses an alias another unit already has, and adding one twice changes nothing", async () => {
    await expect(Unit.addAlias("sla", "DBN")).rejects.toMatchObject({ code: "unit.code_taken" });
    await expect(Unit.addAlias("sla", "03847")).rejects.toMatchObject({ code: "unit.code_taken" });
    await Unit.addAlias("sla", "SLA");
    expect((await Unit.get("sla"))?.aliases).toEqual(["SLA"]);
  });

  it("loads again without changing anything: one read, or a full comparison with nothing to do", async () => {
    expect(await Seed.wholeMap()).toMatchObject({ skipped: true });
    const forced = await Unit.loadOfficialMap(source, { ids: Seed.DEMO_UNIT_IDS, force: true });
    expect(forced).toMatchObject({ skipped: false, created: 0, renamed: 0, moved: 0, recoded: 0 });
    expect(await Seed.demo()).toMatchObject({ created: 0 });
    expect((await Unit.subtree({ path: "/vn/" })).filter((unit) => unit.kind === "commune")).toHaveLength(3321);
  });

  it("takes a new edition: renames a renamed unit, recodes a unit made before the map, keeps the old code", async () => {
    await Unit.create({ id: "legacy-province", code: "LEGACY", name: "Tỉnh Cũ", kind: "province", parentId: "vn" });
    const edition = {
      version: "test-edition-2",
      map: [
        ...source.map.map((province) =>
          province.code === "14"
            ? { ...province, communes: province.communes.map((c) => (c.code === "03847" ? { ...c, name: "Xã Mường Bú Mới" } : c)) }
            : province,
        ),
        { code: "99", name: "Tỉnh Thử Nghiệm", communes: [{ code: "99001", name: "Xã Thử Nghiệm" }] },
      ],
    };
    const result = await Unit.loadOfficialMap(edition, { ids: { ...Seed.DEMO_UNIT_IDS, "99": "legacy-province" } });
    expect(result).toMatchObject({ created: 1, renamed: 2, recoded: 1, moved: 0 });
    expect(await Unit.resolve("03847")).toMatchObject({ id: "sla-muongbu", name: "Xã Mường Bú Mới" });
    expect(await Unit.resolve("LEGACY")).toMatchObject({ id: "legacy-province", code: "99", name: "Tỉnh Thử Nghiệm", aliases: ["LEGACY"] });
    expect(await Unit.resolve("99001")).toMatchObject({ id: "c99001", parentId: "legacy-province" });
    const history = await Audit.list("sla-muongbu");
    expect(history.map((entry) => entry.action)).toContain("unit.rename");
    expect(await Unit.loadOfficialMap(edition, { ids: Seed.DEMO_UNIT_IDS })).toMatchObject({ skipped: true });
    // Back to the real edition: the name comes back.
    expect(await Unit.loadOfficialMap(source, { ids: Seed.DEMO_UNIT_IDS })).toMatchObject({ renamed: 1, created: 0 });
  });

  it("gives the national report 34 provinces and Sơn La's 75 communes", async () => {
    const nation = await call("GET", "/admin/units/vn/report", { token: national });
    expect(nation.status).toBe(200);
    const provinces = nation.json.children.filter((child: { unitId: string }) => child.unitId !== "legacy-province");
    expect(provinces).toHaveLength(34);
    expect(provinces.map((child: { name: string }) => child.name)).toContain("Tỉnh Sơn La");
    const sonLa = await call("GET", "/admin/units/sla/report", { token: national });
    expect(sonLa.json.children).toHaveLength(75);
    const sla = (await signIn("0912000003")).accessToken;
    const outside = await call("GET", "/admin/units/p01/report", { token: sla });
    expect(outside.status).toBe(404);
    expect(expectErrorShape(outside.json).code).toBe("unit.not_found");
  });
});
