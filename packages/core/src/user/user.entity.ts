/** Everything a person owns lives in their partition (profile, progress, markers, held certificates). */
const partition = (id: string) => `USER#${id}`;

export const userKeys = {
  user: (id: string) => ({ pk: partition(id), sk: "PROFILE" }),
  partition,
  /** Uniqueness item: one account per phone number. */
  phone: (phone: string) => ({ pk: `PHONE#${phone}`, sk: "PHONE" }),
  /** gsi1: members of one unit, sorted by name (admin lists, exports page through this). */
  member: (unitId: string, fullName: string, id: string) => ({
    gsi1pk: `MEMBERS#${unitId}`,
    gsi1sk: `${fullName.toLocaleLowerCase("vi")}#${id}`,
  }),
  membersOf: (unitId: string) => `MEMBERS#${unitId}`,
  /** One-time codes an admin hands over, one of each kind per phone (a new one replaces the old). TTL. */
  resetCode: (phone: string) => ({ pk: `RESET#${phone}`, sk: "RESET" }),
  activationCode: (phone: string) => ({ pk: `ACTIVATE#${phone}`, sk: "ACTIVATE" }),
};
