/**
 * Storage keys for staff grants (access patterns: packages/core/README.md). A grant is an item in the partition
 * of the unit it is held at, so "the staff of this unit" is one query and a merge moves them with the unit;
 * the holder's profile keeps the compact list that tokens carry (`grants`).
 */
import { unitKeys } from "../unit/unit.entity";

const PREFIX = "STAFF#";

export const staffKeys = {
  grant: (unitId: string, userId: string, role: string) => ({ pk: unitKeys.partition(unitId), sk: `${PREFIX}${userId}#${role}` }),
  partition: unitKeys.partition,
  prefix: PREFIX,
};
