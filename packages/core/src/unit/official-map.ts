import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { getMany, putMany } from "../db/query";
import { recode } from "./alias";
import { type CreateInput, create, fromItem, type Info, move, rename } from "./tree";
import { unitKeys } from "./unit.entity";

/**
 * The official map of Vietnam's administrative units after the July 2025 reform: 34 provinces and 3,321
 * communes with their national statistical codes (packages/core/data/README.md gives the source and licence).
 * `loadOfficialMap` puts it into a table, idempotently: units are found by their official code, so a unit keeps
 * its id, counters, teams and members across editions; a new edition adds new units, renames renamed ones and
 * moves communes that changed province (each audited as the system).
 */
export const OfficialMapFile = z.array(
  z.object({
    code: z.string().check(z.regex(/^\d{2}$/)),
    name: z.string().check(z.minLength(1)),
    communes: z.array(z.object({ code: z.string().check(z.regex(/^\d{5}$/)), name: z.string().check(z.minLength(1)) })),
  }),
);
export type OfficialMap = z.infer<typeof OfficialMapFile>;

export const OFFICIAL_MAP_PATH = fileURLToPath(new URL("../../data/vn-admin-units-2025.json", import.meta.url));

/** The root every province hangs under. */
export const NATION: CreateInput = { id: "vn", code: "VN", name: "Việt Nam", kind: "nation", parentId: null };

/** Unit ids of official units nobody named otherwise: `p14` (Tỉnh Sơn La), `c03847` (Xã Mường Bú). */
export const officialUnitId = (kind: "province" | "commune", code: string) => `${kind === "province" ? "p" : "c"}${code}`;

const MAP_ACTOR = { userId: "system" };

/** The map file, checked, and its edition: a hash of its content, so a changed file is loaded again. */
export async function readOfficialMap(path = OFFICIAL_MAP_PATH): Promise<{ map: OfficialMap; version: string }> {
  const text = await readFile(path, "utf8");
  const map = OfficialMapFile.parse(JSON.parse(text));
  const codes = map.flatMap((province) => [province.code, ...province.communes.map((commune) => commune.code)]);
  const twice = codes.find((code, i) => codes.indexOf(code) !== i);
  if (twice) throw new Error(`The official map lists code ${twice} twice`);
  return { map, version: createHash("sha256").update(text).digest("hex").slice(0, 16) };
}

export interface LoadOptions {
  /** Unit ids to use for these official codes instead of `p<code>` / `c<code>` (the demo's `sla`, `sla-muongbu`). */
  ids?: Readonly<Record<string, string>>;
  /**
   * Every province, but only the communes of these provinces: a partial load (tests; the first seconds of
   * `npm start`), never marked as the edition loaded.
   */
  communesOf?: readonly string[];
  /** Compare every unit even when this edition is marked as loaded. */
  force?: boolean;
  /** Parallel BatchWriteItem requests. */
  concurrency?: number;
}

export interface LoadResult {
  version: string;
  /** This edition was already loaded in full: nothing was read beyond the marker. */
  skipped: boolean;
  provinces: number;
  communes: number;
  created: number;
  renamed: number;
  moved: number;
  recoded: number;
}

interface Wanted {
  code: string;
  name: string;
  kind: "province" | "commune";
  parentCode: string | null;
}

/**
 * Loads the official map into the table. Re-running changes nothing; an interrupted run resumes (ids follow
 * from codes, so writing a unit twice writes the same item). New units go in with BatchWriteItem, 25 items per
 * request; renames, moves and recodes are rare and go through the audited unit verbs one by one.
 */
export async function loadOfficialMap(source: { map: OfficialMap; version: string }, options: LoadOptions = {}): Promise<LoadResult> {
  const { doc, table } = db();
  const partial = options.communesOf !== undefined;
  const provinces = source.map.map((province) => (!partial || options.communesOf!.includes(province.code) ? province : { ...province, communes: [] }));
  const result: LoadResult = {
    version: source.version,
    skipped: false,
    provinces: provinces.length,
    communes: provinces.reduce((sum, province) => sum + province.communes.length, 0),
    created: 0,
    renamed: 0,
    moved: 0,
    recoded: 0,
  };
  if (!partial && !options.force) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.officialMap }));
    if (Item?.version === source.version) return { ...result, skipped: true };
  }

  const nation = await create(NATION);
  const wanted: Wanted[] = provinces.flatMap((province) => [
    { code: province.code, name: province.name, kind: "province" as const, parentCode: null },
    ...province.communes.map((commune) => ({ code: commune.code, name: commune.name, kind: "commune" as const, parentCode: province.code })),
  ]);
  const codeItems = await getMany(wanted.map((unit) => unitKeys.code(unit.code)));
  const idOf = (unit: Wanted, i: number) => (codeItems[i]?.unitId as string | undefined) ?? options.ids?.[unit.code] ?? officialUnitId(unit.kind, unit.code);
  const ids = wanted.map(idOf);
  const stored = (await getMany(ids.map((id) => unitKeys.unit(id)))).map((item) => (item ? fromItem(item) : undefined));

  const byCode = new Map<string, Info>();
  const newItems: Record<string, unknown>[] = [];
  const later: (() => Promise<unknown>)[] = [];
  const now = new Date().toISOString();
  for (const [i, unit] of wanted.entries()) {
    const id = ids[i]!;
    const parent = unit.parentCode ? byCode.get(unit.parentCode)! : nation;
    let current: Info | undefined = stored[i];
    if (!current) {
      current = { id, code: unit.code, name: unit.name, kind: unit.kind, parentId: parent.id, path: `${parent.path}${id}/`, createdAt: now, updatedAt: now };
      newItems.push(
        { ...unitKeys.unit(id), ...unitKeys.children(parent.id, unit.name, id), ...unitKeys.tree(current.path), ...current },
        { ...unitKeys.code(unit.code), unitId: id },
      );
      result.created++;
    } else {
      if (current.code !== unit.code) {
        // A unit made before the official map (the demo's `sla` with code SLA) takes its official code; the old one stays an alias.
        later.push(() => recode(id, unit.code, { actor: MAP_ACTOR }));
        result.recoded++;
      }
      if (current.name !== unit.name) {
        later.push(() => rename(id, unit.name, MAP_ACTOR));
        result.renamed++;
      }
      if (current.parentId !== parent.id) {
        later.push(() => move(id, parent.id, MAP_ACTOR));
        result.moved++;
        current = { ...current, parentId: parent.id, path: `${parent.path}${id}/` };
      }
    }
    byCode.set(unit.code, current);
  }
  await putMany(newItems, { concurrency: options.concurrency });
  for (const step of later) await step();
  if (!partial) {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...unitKeys.officialMap, version: source.version, provinces: result.provinces, communes: result.communes, loadedAt: new Date().toISOString() },
      }),
    );
  }
  return result;
}
