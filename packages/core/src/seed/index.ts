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
 * Real names of the post-July-2025 two-tier units (province → commune/ward → village/residential group).
 * Ids are stable so re-seeding never duplicates anything.
 */
const UNITS: Unit.CreateInput[] = [
  { id: "vn", code: "VN", name: "Việt Nam", kind: "nation", parentId: null },
  { id: "sla", code: "SLA", name: "Tỉnh Sơn La", kind: "province", parentId: "vn" },
  { id: "sla-tohieu", code: "SLA-TOHIEU", name: "Phường Tô Hiệu", kind: "commune", parentId: "sla" },
  { id: "sla-tohieu-tdp2", code: "SLA-TOHIEU-TDP2", name: "Tổ CNSCĐ tổ dân phố 2", kind: "team", parentId: "sla-tohieu" },
  { id: "sla-tohieu-tdp5", code: "SLA-TOHIEU-TDP5", name: "Tổ CNSCĐ tổ dân phố 5", kind: "team", parentId: "sla-tohieu" },
  { id: "sla-muongbu", code: "SLA-MUONGBU", name: "Xã Mường Bú", kind: "commune", parentId: "sla" },
  { id: "sla-muongbu-banbo", code: "SLA-MUONGBU-BANBO", name: "Tổ CNSCĐ bản Bó", kind: "team", parentId: "sla-muongbu" },
  { id: "sla-muongbu-huangay", code: "SLA-MUONGBU-HUANGAY", name: "Tổ CNSCĐ bản Hua Ngáy", kind: "team", parentId: "sla-muongbu" },
  { id: "sla-mocchau", code: "SLA-MOCCHAU", name: "Phường Mộc Châu", kind: "commune", parentId: "sla" },
  { id: "sla-mocchau-tk1", code: "SLA-MOCCHAU-TK1", name: "Tổ CNSCĐ tiểu khu 1", kind: "team", parentId: "sla-mocchau" },
  { id: "dbn", code: "DBN", name: "Tỉnh Điện Biên", kind: "province", parentId: "vn" },
  { id: "dbn-dienbienphu", code: "DBN-DIENBIENPHU", name: "Phường Điện Biên Phủ", kind: "commune", parentId: "dbn" },
  { id: "dbn-dienbienphu-tdp1", code: "DBN-DIENBIENPHU-TDP1", name: "Tổ CNSCĐ tổ dân phố 1", kind: "team", parentId: "dbn-dienbienphu" },
  { id: "dbn-muongphang", code: "DBN-MUONGPHANG", name: "Xã Mường Phăng", kind: "commune", parentId: "dbn" },
  { id: "dbn-muongphang-banche", code: "DBN-MUONGPHANG-BANCHE", name: "Tổ CNSCĐ bản Che Căn", kind: "team", parentId: "dbn-muongphang" },
];

export const DEMO_TEAM_ID = "sla-muongbu-banbo";

export const DEMO_ACCOUNTS = [
  { id: "demo-learner", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: DEMO_TEAM_ID, label: "learner (member)" },
  { id: "demo-trainer", phone: "0912000002", fullName: "Nguyễn Văn Thành", roles: ["trainer"], unitId: null, label: "trainer" },
  { id: "demo-admin-sla", phone: "0912000003", fullName: "Cầm Văn Đức", roles: ["admin"], unitId: "sla", label: "province admin, Sơn La (SLA)" },
  { id: "demo-admin-dbn", phone: "0912000004", fullName: "Quàng Thị Mai", roles: ["admin"], unitId: "dbn", label: "province admin, Điện Biên (DBN)" },
  { id: "demo-leader", phone: "0912000005", fullName: "Lường Văn Phúc", roles: ["team-leader", "member"], unitId: DEMO_TEAM_ID, label: "team leader" },
] as const satisfies readonly (Omit<User.CreateInputShape, "password"> & { label: string })[];

/** Seeds the demo units, accounts and join code. Idempotent: every step is a no-op when already done. */
export async function demo(): Promise<void> {
  for (const unit of UNITS) await Unit.create(unit);
  await Unit.setJoinCode(DEMO_TEAM_ID, DEMO_JOIN_CODE);
  for (const { label: _label, ...account } of DEMO_ACCOUNTS) {
    await User.ensure({ ...account, roles: [...account.roles], password: DEMO_PASSWORD });
  }
}

export const SYSTEM_ACTOR = { userId: "system" };

/** Imports every course bundle under `dir` (content/courses/<id>/course.json), publishing changed ones. */
export async function curriculum(dir: string): Promise<{ id: string; version: number; published: boolean }[]> {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = join(dir, entry.name);
    const bundle = JSON.parse(await readFile(join(folder, "course.json"), "utf8"));
    const result = await Course.importBundle(bundle, async (path) => new Uint8Array(await readFile(join(folder, path))), SYSTEM_ACTOR);
    out.push({ id: entry.name, ...result });
  }
  return out;
}
