import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers, assertCanOversee } from "../auth/scope";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { DEFAULT_EFFECTIVENESS_WEIGHTS, EFFECTIVENESS_COMPONENTS, type EffectivenessWeights, type EffectivenessWeightsView, weightsProblem } from "../model";
import { Unit } from "../unit";
import { effectivenessKeys } from "./effectiveness.entity";

const Weight = z.int().check(z.minimum(0), z.maximum(100));

/** Four whole numbers from 0 that add up to 100 (model/effectiveness.ts `weightsProblem`). */
export const WeightsInput = z
  .object({ completion: Weight, quiz: Weight, help: Weight, activity: Weight })
  .check(z.refine((weights) => !weightsProblem(weights), "The four weights add up to 100"));
export type WeightsInput = z.infer<typeof WeightsInput>;

const notFound = () => new VisibleError("unit.not_found", "This unit does not exist.");

/** The province a unit lies in (the second id of its path), or null for the nation. */
const provinceOf = (unit: Pick<Unit.Info, "path">): string | null => Unit.lineage(unit)[1] ?? null;

async function stored(provinceId: string): Promise<EffectivenessWeights | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: effectivenessKeys.weights(provinceId) }));
  return Item ? (Object.fromEntries(EFFECTIVENESS_COMPONENTS.map((c) => [c, Number(Item[c])])) as EffectivenessWeights) : undefined;
}

/** The weights that apply to a unit: its province's, else the defaults. */
export async function weightsFor(unit: Pick<Unit.Info, "path">): Promise<Omit<EffectivenessWeightsView, "editable">> {
  const provinceId = provinceOf(unit);
  const own = provinceId ? await stored(provinceId) : undefined;
  return own ? { weights: own, source: "province", provinceId } : { weights: { ...DEFAULT_EFFECTIVENESS_WEIGHTS }, source: "default", provinceId };
}

/** Whether the viewer may change the weights of the unit's province (its admins and the nation's). */
async function mayEdit(viewer: Session, provinceId: string | null) {
  const province = provinceId ? await Unit.get(provinceId) : undefined;
  return Boolean(province && province.kind === "province" && administers(viewer, province));
}

/** The weights that apply to a unit, for anyone who oversees it (a team leader sees how the team is scored). */
export async function weightsView(viewer: Session, unitId: string): Promise<EffectivenessWeightsView> {
  const unit = await assertCanOversee(viewer, unitId);
  const applied = await weightsFor(unit);
  return { ...applied, editable: await mayEdit(viewer, applied.provinceId) };
}

/**
 * Sets a province's weights (its admins and the nation's; audited). The same weights again change nothing and
 * are not audited twice, so a retry is harmless.
 */
export async function setWeights(
  viewer: Session,
  provinceId: string,
  raw: z.input<typeof WeightsInput>,
  actor: Audit.Actor,
): Promise<EffectivenessWeightsView> {
  const weights = WeightsInput.parse(raw);
  const province = await Unit.get(provinceId);
  if (!province || !administers(viewer, province)) throw notFound();
  if (province.kind !== "province") throw new VisibleError("effectiveness.not_a_province", "Effectiveness weights are set for a province.");
  const previous = await stored(province.id);
  const view: EffectivenessWeightsView = { weights, source: "province", provinceId: province.id, editable: true };
  if (previous && EFFECTIVENESS_COMPONENTS.every((c) => previous[c] === weights[c])) return view;
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...effectivenessKeys.weights(province.id), ...weights, setBy: actor.userId, setAt: new Date().toISOString() },
              ConditionExpression: "attribute_not_exists(pk) OR completion <> :completion OR quiz <> :quiz OR help <> :help OR activity <> :activity",
              ExpressionAttributeValues: { ":completion": weights.completion, ":quiz": weights.quiz, ":help": weights.help, ":activity": weights.activity },
            },
          },
          Audit.entryPut(actor, "effectiveness.weights_set", province.id, province.id, { ...weights, previous: previous ?? null }),
        ],
      }),
    );
  } catch (err) {
    // The same weights landed meanwhile (a retry): nothing more to do.
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (!((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed")) throw err;
  }
  return view;
}
