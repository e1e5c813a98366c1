export const authKeys = {
  /** One refresh token; `used` flips once, so a second use is detectable. Expires by TTL. */
  refreshToken: (tokenId: string) => ({ pk: `REFRESH#${tokenId}`, sk: "REFRESH" }),
  /** A login session: all refresh tokens descending from one sign-in. Revoking it ends the session. */
  family: (familyId: string) => ({ pk: `RFAMILY#${familyId}`, sk: "RFAMILY" }),
};
