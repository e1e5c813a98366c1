import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const headers = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()];
const SECRET = "origin-verify-secret-0123456789abcdef";

describe("the client address behind CloudFront", () => {
  it("takes CloudFront-Viewer-Address only with the origin-verify secret", () => {
    const viewer = { "cloudfront-viewer-address": "203.0.113.7:46532", "x-origin-verify": SECRET };
    expect(clientAddress({ sourceIp: "130.176.0.1", headers: headers(viewer), originSecret: SECRET })).toBe("203.0.113.7");
    expect(
      clientAddress({ sourceIp: "130.176.0.1", headers: headers({ ...viewer, "cloudfront-viewer-address": "2001:db8::1:443" }), originSecret: SECRET }),
    ).toBe("2001:db8::1");
  });

  it("ignores the header from a direct caller, a wrong secret, or when no secret is configured", () => {
    const forged = { "cloudfront-viewer-address": "198.51.100.1:1" };
    expect(clientAddress({ sourceIp: "192.0.2.9", headers: headers(forged), originSecret: SECRET })).toBe("192.0.2.9");
    expect(clientAddress({ sourceIp: "192.0.2.9", headers: headers({ ...forged, "x-origin-verify": "wrong" }), originSecret: SECRET })).toBe("192.0.2.9");
    expect(clientAddress({ sourceIp: "192.0.2.9", headers: headers({ ...forged, "x-origin-verify": SECRET }), originSecret: undefined })).toBe("192.0.2.9");
  });

  it("falls back to the source for a malformed viewer header", () => {
    const odd = { "cloudfront-viewer-address": "not an address", "x-origin-verify": SECRET };
    expect(clientAddress({ sourceIp: "192.0.2.9", headers: headers(odd), originSecret: SECRET })).toBe("192.0.2.9");
  });
});
