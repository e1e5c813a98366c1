export const userKeys = {
  user: (id: string) => ({ pk: `USER#${id}`, sk: "PROFILE" }),
  /** Uniqueness item: one account per phone number. */
  phone: (phone: string) => ({ pk: `PHONE#${phone}`, sk: "PHONE" }),
  /** gsi1: members of one unit, sorted by name (admin lists, exports page through this). */
  member: (unitId: string, fullName: string, id: string) => ({
    gsi1pk: `MEMBERS#${unitId}`,
    gsi1sk: `${fullName.toLocaleLowerCase("vi")}#${id}`,
  }),
  membersOf: (unitId: string) => `MEMBERS#${unitId}`,
};
