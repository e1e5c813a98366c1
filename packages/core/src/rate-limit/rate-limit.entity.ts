/** Storage keys for rate limits: one counter per bucket and clock-aligned window, expired by TTL. */
export const rateLimitKeys = {
  window: (bucket: string, index: number) => ({ pk: `RATE#${bucket}`, sk: `W#${index}` }),
};
