/** Storage keys for audit entries: they live under the unit they concern, newest last by sort key. */
export const auditKeys = {
  entry: (unitId: string, at: string, id: string) => ({ pk: auditKeys.partition(unitId), sk: `${at}#${id}` }),
  partition: (unitId: string) => `AUDIT#${unitId}`,
};
