import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { get, type Info, mustGet, UnitCode } from "./tree";
import { unitKeys } from "./unit.entity";

/**
 * Unit codes and their aliases. Every code a unit ever had (its official code, an old demo code like `SLA`, the
 * code of a unit merged into it) has one `UNITCODE#<code>` item pointing at a unit, so a code is never reused
 * and old codes in imports and exports keep working. The unit's current code is `Info.code`; the others are
 * listed in `Info.aliases` and their code items carry `alias: true`.
 */

/** How many merges `resolve` follows (A merged into B merged into C…) before it gives up. */
const MAX_HOPS = 8;

/**
 * The unit a code stands for, following aliases: a unit's own code, one of its aliases, or the code of a unit
 * that was merged into another (an archived unit with `mergedInto`) all resolve to the living unit.
 * Undefined for a code nobody has.
 */
export async function resolve(code: string): Promise<Info | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.code(code) }));
  return Item ? getLiving(Item.unitId as string) : undefined;
}

/**
 * A unit by id, or the living unit it was merged into (followed as `resolve` does). People who hold a unit id
 * outside the member index, such as a citizen's commune, are placed through this, so a merge needs not rewrite
 * them: their counters and scope follow the commune their old one joined.
 */
export async function getLiving(id: string): Promise<Info | undefined> {
  let unit = await get(id);
  for (let hop = 0; unit?.mergedInto && hop < MAX_HOPS; hop++) unit = await get(unit.mergedInto);
  return unit;
}

/** The unit a code stands for (see `resolve`), or `unit.not_found`. */
export async function mustResolve(code: string): Promise<Info> {
  const unit = await resolve(code);
  if (!unit) throw new VisibleError("unit.not_found", "No unit has this code.", { params: { code } });
  return unit;
}

const hasCode = (unit: Info, code: string) => unit.code === code || (unit.aliases ?? []).includes(code);

/**
 * Makes `code` an alias of a unit. Idempotent: adding an alias the unit already has changes nothing. A code
 * that points at another unit is refused (`unit.code_taken`) unless `takeOverFrom` names that unit (a merge
 * hands the merged unit's code to the unit it joins). Audited when an actor is given.
 */
export async function addAlias(unitId: string, raw: string, options: { actor?: Audit.Actor; takeOverFrom?: string } = {}): Promise<Info> {
  const code = UnitCode.parse(raw);
  const unit = await mustGet(unitId);
  if (hasCode(unit, code)) return unit;
  const { table } = db();
  const owner = options.takeOverFrom
    ? { ConditionExpression: "attribute_not_exists(pk) OR unitId IN (:id, :from)", values: { ":id": unitId, ":from": options.takeOverFrom } }
    : { ConditionExpression: "attribute_not_exists(pk) OR unitId = :id", values: { ":id": unitId } };
  await send(
    [
      {
        Put: {
          TableName: table,
          Item: { ...unitKeys.code(code), unitId, alias: true },
          ConditionExpression: owner.ConditionExpression,
          ExpressionAttributeValues: owner.values,
        },
      },
      {
        Update: {
          TableName: table,
          Key: unitKeys.unit(unitId),
          UpdateExpression: "SET aliases = list_append(if_not_exists(aliases, :none), :code), updatedAt = :now",
          ExpressionAttributeValues: { ":none": [], ":code": [code], ":now": new Date().toISOString() },
        },
      },
      ...(options.actor ? [Audit.entryPut(options.actor, "unit.alias", unitId, unitId, { code })] : []),
    ],
    unitId,
    code,
  );
  return { ...unit, aliases: [...(unit.aliases ?? []), code] };
}

/**
 * Gives a unit a new code and keeps the old one as an alias (the official 2025 code replacing a demo code, or a
 * recode in a reorganisation). Idempotent: recoding to the current code changes nothing. Audited when an actor
 * is given.
 */
export async function recode(unitId: string, raw: string, options: { actor?: Audit.Actor } = {}): Promise<Info> {
  const code = UnitCode.parse(raw);
  const unit = await mustGet(unitId);
  if (unit.code === code) return unit;
  const { table } = db();
  const now = new Date().toISOString();
  const aliases = [...(unit.aliases ?? []).filter((alias) => alias !== code), unit.code];
  await send(
    [
      {
        Put: {
          TableName: table,
          Item: { ...unitKeys.code(code), unitId },
          ConditionExpression: "attribute_not_exists(pk) OR unitId = :id",
          ExpressionAttributeValues: { ":id": unitId },
        },
      },
      {
        Update: {
          TableName: table,
          Key: unitKeys.code(unit.code),
          UpdateExpression: "SET alias = :yes",
          ConditionExpression: "unitId = :id",
          ExpressionAttributeValues: { ":yes": true, ":id": unitId },
        },
      },
      {
        Update: {
          TableName: table,
          Key: unitKeys.unit(unitId),
          UpdateExpression: "SET code = :code, aliases = :aliases, updatedAt = :now",
          ConditionExpression: "code = :old",
          ExpressionAttributeValues: { ":code": code, ":aliases": aliases, ":old": unit.code, ":now": now },
        },
      },
      ...(options.actor ? [Audit.entryPut(options.actor, "unit.recode", unitId, unitId, { from: unit.code, to: code })] : []),
    ],
    unitId,
    code,
  );
  return { ...unit, code, aliases, updatedAt: now };
}

/** Sends a code change; a cancelled one that has landed meanwhile (a retry) is fine, a code of another unit not. */
async function send(items: object[], unitId: string, code: string) {
  try {
    await db().doc.send(new TransactWriteCommand({ TransactItems: items as never }));
  } catch (err) {
    if ((err as Error).name !== "TransactionCanceledException") throw err;
    const again = await mustGet(unitId);
    if (hasCode(again, code)) return;
    throw new VisibleError("unit.code_taken", `The unit code ${code} is already used by another unit.`, { params: { code } });
  }
}
