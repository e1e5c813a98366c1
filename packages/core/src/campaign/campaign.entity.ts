import { unitKeys } from "../unit/unit.entity";

/**
 * Storage keys for campaigns. The campaign itself is one item; a pointer in its unit's partition lets a member's
 * phone find every campaign over its team with one small query per ancestor (at most four); a national list of
 * campaigns by due date lets the scheduler find the open ones without a scan; a daily snapshot of each child's
 * completions gives the recent pace for the forecast.
 */
export const campaignKeys = {
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: "CAMPAIGN" }),
  /** In the unit's partition: `CAMPAIGN#<dueOn>#<id>`, so a unit's campaigns come sorted by due date. */
  pointer: (unitId: string, dueOn: string, id: string) => ({ pk: unitKeys.partition(unitId), sk: `CAMPAIGN#${dueOn}#${id}` }),
  pointerPrefix: "CAMPAIGN#",
  /** Every campaign, by due date: the scheduler reads those due from a few weeks ago on. */
  byDue: (dueOn: string, id: string) => ({ pk: "CAMPAIGNS", sk: `${dueOn}#${id}` }),
  byDuePartition: "CAMPAIGNS",
  /** One day's completions per child unit (and the campaign unit itself, under its own id). */
  snapshot: (id: string, day: string) => ({ pk: `CAMPAIGN#${id}`, sk: `SNAP#${day}` }),
  snapshotFrom: (id: string, day: string) => ({ pk: `CAMPAIGN#${id}`, between: [`SNAP#${day}`, "SNAP#~"] as const }),
};
