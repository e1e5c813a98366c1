import { beforeAll, describe, expect, it } from "vitest";
import { UNIT_SEARCH_LIMITS } from "../../packages/core/src/model";
import { call, seedDemo, signIn } from "./client";

/**
 * Admins search the units of their own subtree by name (issue 19, item 4): without diacritics, with the path to
 * each unit, never a unit outside their scope. Tests load the communes of Sơn La (75) and Điện Biên (45) only.
 */
let t: Record<"slaAdmin" | "dbnAdmin" | "nationAdmin" | "communeAdmin" | "leader" | "learner", string>;

beforeAll(async () => {
  await seedDemo();
  t = {
    learner: (await signIn("0912000001")).accessToken,
    slaAdmin: (await signIn("0912000003")).accessToken,
    dbnAdmin: (await signIn("0912000004")).accessToken,
    leader: (await signIn("0912000005")).accessToken,
    nationAdmin: (await signIn("0912000006")).accessToken,
    communeAdmin: (await signIn("0912000007")).accessToken,
  };
});

type Item = { unitId: string; name: string; kind: string; code: string; path: string[] };
const search = (token: string, unitId: string, q: string) => call("GET", `/admin/units/${unitId}/unit-search?q=${encodeURIComponent(q)}`, { token });
const names = (json: { items: Item[] }) => json.items.map((item) => item.name);

describe("finding units by name", () => {
  it("matches without diacritics, with the path from the admin's unit", async () => {
    const res = await search(t.slaAdmin, "sla", "xa tan");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ more: false, partial: false, depth: null });
    expect(res.json.items).toEqual([
      { unitId: expect.any(String), name: "Xã Tân Phong", kind: "commune", code: expect.any(String), path: ["Tỉnh Sơn La", "Xã Tân Phong"] },
      { unitId: expect.any(String), name: "Xã Tân Yên", kind: "commune", code: expect.any(String), path: ["Tỉnh Sơn La", "Xã Tân Yên"] },
    ]);
    const wards = await search(t.slaAdmin, "sla", "phuong");
    expect(names(wards.json)).toEqual(expect.arrayContaining(["Phường Tô Hiệu", "Phường Chiềng An", "Phường Mộc Châu"]));
    expect(names(wards.json).every((name) => name.startsWith("Phường "))).toBe(true);
    // Điện Biên's wards are another province's.
    expect(names(wards.json)).not.toContain("Phường Điện Biên Phủ");
  });

  it("finds teams with their commune in the path, and a unit by its code", async () => {
    const res = await search(t.slaAdmin, "sla", "ban bo");
    expect(res.json.items).toEqual([
      expect.objectContaining({ unitId: "sla-muongbu-banbo", kind: "team", path: ["Tỉnh Sơn La", "Xã Mường Bú", "Tổ CNSCĐ bản Bó"] }),
    ]);
    const byCode = await search(t.slaAdmin, "sla", "03847");
    expect(byCode.json.items).toEqual([expect.objectContaining({ unitId: "sla-muongbu", name: "Xã Mường Bú" })]);
  });

  it("lists the shallowest units first, and says when there are more than it shows", async () => {
    const res = await search(t.slaAdmin, "sla", "xa");
    expect(res.json.items).toHaveLength(UNIT_SEARCH_LIMITS.results);
    expect(res.json.more).toBe(true);
    expect(res.json.items.every((item: Item) => item.kind === "commune")).toBe(true);
  });

  it("finds a renamed unit by its new name at once", async () => {
    const renamed = await call("PATCH", "/admin/units/sla-muongbu-huangay", { token: t.communeAdmin, body: { name: "Tổ CNSCĐ bản Hua Ngáy Mới" } });
    expect(renamed.status).toBe(200);
    const res = await search(t.communeAdmin, "sla-muongbu", "hua ngay moi");
    expect(res.json.items.map((item: Item) => item.unitId)).toEqual(["sla-muongbu-huangay"]);
  });
});

describe("scope", () => {
  it("keeps a commune admin to their commune's teams", async () => {
    const res = await search(t.communeAdmin, "sla-muongbu", "to cnscd");
    expect(res.status).toBe(200);
    expect(res.json.items.map((item: Item) => item.unitId).sort()).toEqual(["sla-muongbu-banbo", "sla-muongbu-huangay"]);
    // Xã Tô Hiệu's residential groups are another commune's: not found from Mường Bú.
    expect((await search(t.communeAdmin, "sla-muongbu", "to dan pho")).json.items).toEqual([]);
    // Nor by asking under the province or the other commune.
    expect((await search(t.communeAdmin, "sla", "to dan pho")).status).toBe(404);
    expect((await search(t.communeAdmin, "sla-tohieu", "to dan pho")).status).toBe(404);
  });

  it("keeps a province admin to their province", async () => {
    const res = await search(t.dbnAdmin, "dbn", "to dan pho");
    expect(res.json.items.map((item: Item) => item.unitId)).toEqual(["dbn-dienbienphu-tdp1"]);
    expect((await search(t.dbnAdmin, "sla", "phuong")).status).toBe(404);
  });

  it("gives the nation its provinces and communes, not the teams below", async () => {
    const res = await search(t.nationAdmin, "vn", "phuong dien bien");
    expect(res.status).toBe(200);
    expect(res.json.depth).toBe(2);
    expect(res.json.items).toEqual([expect.objectContaining({ name: "Phường Điện Biên Phủ", path: ["Việt Nam", "Tỉnh Điện Biên", "Phường Điện Biên Phủ"] })]);
    expect((await search(t.nationAdmin, "vn", "son la")).json.items[0]).toMatchObject({ unitId: "sla", kind: "province" });
    expect((await search(t.nationAdmin, "vn", "ban bo")).json.items).toEqual([]);
  });

  it("is for admins only", async () => {
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/unit-search?q=ban")).status).toBe(401);
    expect((await search(t.learner, "sla-muongbu-banbo", "ban")).status).toBe(404);
    expect((await search(t.leader, "sla-muongbu-banbo", "ban")).status).toBe(404);
    expect((await search(t.slaAdmin, "no-such-unit", "ban")).status).toBe(404);
  });
});

describe("bad queries", () => {
  it("answers 400 for a missing, empty, wordless or too long query", async () => {
    for (const path of ["", "?q=", "?q=%20%20", "?q=%21%3F%2E", `?q=${"a".repeat(101)}`, "?q=a&q=b"]) {
      const res = await call("GET", `/admin/units/sla/unit-search${path}`, { token: t.slaAdmin });
      expect(res.status, path).toBe(400);
      expect(res.json.error.code, path).toBe("request.invalid");
    }
  });
});
