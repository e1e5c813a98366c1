export * as Seed from "./index";

import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Course } from "../course";
import { Unit } from "../unit";
import { User } from "../user";

/** The demo password of every seeded account (shared/API.md). Only ever seeded by `npm start` locally. */
export const DEMO_PASSWORD = "Demo@2026";
export const DEMO_JOIN_CODE = "DEMO-SONLA";

/**
 * The demo's units inside the official 2025 map (packages/core/data): the provinces and communes are official
 * units with their official codes; the demo keeps its own ids for them (tests and demo accounts use them), and
 * the codes they had before the map (`SLA`, `DBN`, `SLA-MUONGBU`…) stay as aliases that resolve to them.
 */
export const DEMO_OFFICIAL_UNITS = [
  { id: "sla", code: "14", alias: "SLA" },
  { id: "sla-tohieu", code: "03646", alias: "SLA-TOHIEU" },
  { id: "sla-muongbu", code: "03847", alias: "SLA-MUONGBU" },
  { id: "sla-mocchau", code: "03980", alias: "SLA-MOCCHAU" },
  { id: "dbn", code: "11", alias: "DBN" },
  { id: "dbn-dienbienphu", code: "03127", alias: "DBN-DIENBIENPHU" },
  { id: "dbn-muongphang", code: "03325", alias: "DBN-MUONGPHANG" },
] as const;

/** Official code → the demo's unit id, for `Unit.loadOfficialMap` (also used by `npm run setup -- units` locally). */
export const DEMO_UNIT_IDS: Readonly<Record<string, string>> = Object.fromEntries(DEMO_OFFICIAL_UNITS.map((unit) => [unit.code, unit.id]));

/** The demo's provinces (Sơn La, Điện Biên): what tests load of the map, unless they ask for all of it. */
export const DEMO_PROVINCES = ["14", "11"] as const;

/** Teams (villages and residential groups) are not in the official map: communes create them. Ids are stable. */
const TEAMS: Unit.CreateInput[] = [
  { id: "sla-tohieu-tdp2", code: "SLA-TOHIEU-TDP2", name: "Tổ CNSCĐ tổ dân phố 2", kind: "team", parentId: "sla-tohieu" },
  { id: "sla-tohieu-tdp5", code: "SLA-TOHIEU-TDP5", name: "Tổ CNSCĐ tổ dân phố 5", kind: "team", parentId: "sla-tohieu" },
  { id: "sla-muongbu-banbo", code: "SLA-MUONGBU-BANBO", name: "Tổ CNSCĐ bản Bó", kind: "team", parentId: "sla-muongbu" },
  { id: "sla-muongbu-huangay", code: "SLA-MUONGBU-HUANGAY", name: "Tổ CNSCĐ bản Hua Ngáy", kind: "team", parentId: "sla-muongbu" },
  { id: "sla-mocchau-tk1", code: "SLA-MOCCHAU-TK1", name: "Tổ CNSCĐ tiểu khu 1", kind: "team", parentId: "sla-mocchau" },
  { id: "dbn-dienbienphu-tdp1", code: "DBN-DIENBIENPHU-TDP1", name: "Tổ CNSCĐ tổ dân phố 1", kind: "team", parentId: "dbn-dienbienphu" },
  { id: "dbn-muongphang-banche", code: "DBN-MUONGPHANG-BANCHE", name: "Tổ CNSCĐ bản Che Căn", kind: "team", parentId: "dbn-muongphang" },
];

export const DEMO_TEAM_ID = "sla-muongbu-banbo";

export const DEMO_ACCOUNTS = [
  { id: "demo-learner", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: DEMO_TEAM_ID, label: "learner (member)" },
  { id: "demo-trainer", phone: "0912000002", fullName: "Nguyễn Văn Thành", roles: ["trainer"], unitId: null, label: "trainer" },
  { id: "demo-admin-sla", phone: "0912000003", fullName: "Cầm Văn Đức", roles: ["admin"], unitId: "sla", label: "province admin, Sơn La (14, alias SLA)" },
  { id: "demo-admin-dbn", phone: "0912000004", fullName: "Quàng Thị Mai", roles: ["admin"], unitId: "dbn", label: "province admin, Điện Biên (11, alias DBN)" },
  { id: "demo-leader", phone: "0912000005", fullName: "Lường Văn Phúc", roles: ["team-leader", "member"], unitId: DEMO_TEAM_ID, label: "team leader" },
  { id: "demo-admin-vn", phone: "0912000006", fullName: "Trần Quốc Bảo", roles: ["admin"], unitId: "vn", label: "national admin (VN)" },
  { id: "demo-admin-muongbu", phone: "0912000007", fullName: "Tòng Thị Xuân", roles: ["admin"], unitId: "sla-muongbu", label: "commune admin, Xã Mường Bú" },
] as const satisfies readonly (Omit<User.CreateInputShape, "password"> & { label: string })[];

/**
 * Seeds the official map with the demo's units inside it (every province, and every commune of the demo's
 * two provinces), the demo teams, accounts and join code. Idempotent: every step is a no-op when already done.
 * The rest of the map is `wholeMap()`: DynamoDB Local on disk writes about 50 items a second, so `npm start`
 * loads it after it starts listening, and tests, which make a fresh table per file, do without it.
 */
export async function demo(): Promise<Unit.LoadResult> {
  const loaded = await Unit.loadOfficialMap(await officialMap(), { ids: DEMO_UNIT_IDS, communesOf: DEMO_PROVINCES });
  for (const unit of DEMO_OFFICIAL_UNITS) await Unit.addAlias(unit.id, unit.alias);
  for (const unit of TEAMS) await Unit.create(unit);
  await Unit.setJoinCode(DEMO_TEAM_ID, DEMO_JOIN_CODE);
  for (const { label: _label, ...account } of DEMO_ACCOUNTS) {
    await User.ensure({ ...account, roles: [...account.roles], password: DEMO_PASSWORD });
  }
  return loaded;
}

/** Loads the whole official map, keeping the demo's ids for the demo's units; one read once it is loaded. */
export async function wholeMap(): Promise<Unit.LoadResult> {
  return Unit.loadOfficialMap(await officialMap(), { ids: DEMO_UNIT_IDS });
}

/** The map file is read and hashed once per process (seeding runs once per test file). */
let mapFile: ReturnType<typeof Unit.readOfficialMap> | undefined;
const officialMap = () => (mapFile ??= Unit.readOfficialMap());

export const SYSTEM_ACTOR = { userId: "system" };

/** Imports every course bundle under `dir` (content/courses/<id>/course.json), publishing changed ones. */
export async function curriculum(dir: string): Promise<{ id: string; version: number; published: boolean }[]> {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ id: entry.name, ...(await course(join(dir, entry.name))) });
  }
  return out;
}

/**
 * Imports one course folder (course.json and the media/ it references) as the system: its media into the
 * stage's object store, then a new version when it differs from the latest one (Course.importBundle). Shared by
 * `npm start` and `npm run setup -- courses`, so a deployed stage gets exactly what the local demo gets.
 */
export async function course(folder: string): Promise<{ version: number; published: boolean }> {
  const bundle = JSON.parse(await readFile(join(folder, "course.json"), "utf8"));
  return Course.importBundle(bundle, async (path) => new Uint8Array(await readFile(join(folder, path))), SYSTEM_ACTOR);
}
