import { unitKeys } from "../unit/unit.entity";

/**
 * Storage keys for team effectiveness. A province's weights live in the province's partition; a commune's
 * recognition for a month in the commune's partition (written once, `attribute_not_exists`, so a month closed
 * stays closed) with a badge in each recognised team's partition (the team page reads its badges with one
 * query); a national marker says a month's recognition has run for every commune, so the daily tick ends early.
 */
export const effectivenessKeys = {
  weights: (provinceId: string) => ({ pk: unitKeys.partition(provinceId), sk: "EFFWEIGHTS" }),
  award: (communeId: string, month: string) => ({ pk: unitKeys.partition(communeId), sk: `AWARD#${month}` }),
  badge: (teamId: string, month: string) => ({ pk: unitKeys.partition(teamId), sk: `BADGE#${month}` }),
  teamPartition: unitKeys.partition,
  badgePrefix: "BADGE#",
  awardRun: (month: string) => ({ pk: "AWARDRUN", sk: month }),
};
