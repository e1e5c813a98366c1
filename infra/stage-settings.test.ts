import { describe, expect, it } from "vitest";
import { stacksForRegion, stageSettingsFromEnv } from "./stage-settings";

/** The stage parameters sst.config.ts and `npm run synth` read (docs/deploy.md, "Deploy"). */
describe("stage parameters", () => {
  it("default to Singapore, the Sydney copy region, no domain and no geo rule", () => {
    expect(stageSettingsFromEnv({})).toEqual({ region: "ap-southeast-1", domain: undefined, geoAllow: [], backupCopyRegion: "ap-southeast-2" });
    expect(stageSettingsFromEnv({ KNS_REGION: " ", KNS_DOMAIN: "", KNS_GEO_ALLOW: "" })).toEqual(stageSettingsFromEnv({}));
  });

  it("take the main and copy regions from KNS_REGION and KNS_BACKUP_COPY_REGION, refusing what is not an AWS region", () => {
    expect(stageSettingsFromEnv({ KNS_REGION: "ap-southeast-7", KNS_BACKUP_COPY_REGION: "ap-southeast-1" })).toMatchObject({
      region: "ap-southeast-7",
      backupCopyRegion: "ap-southeast-1",
    });
    expect(() => stageSettingsFromEnv({ KNS_REGION: "ap-southeast-9" })).toThrow(/^KNS_REGION: "ap-southeast-9" is not an AWS region/);
    expect(() => stageSettingsFromEnv({ KNS_REGION: "Singapore" })).toThrow(/^KNS_REGION/);
    // CloudFront exists only in the commercial partition.
    expect(() => stageSettingsFromEnv({ KNS_REGION: "cn-north-1" })).toThrow(/^KNS_REGION/);
    expect(() => stageSettingsFromEnv({ KNS_BACKUP_COPY_REGION: "mars-1" })).toThrow(/^KNS_BACKUP_COPY_REGION/);
    expect(() => stageSettingsFromEnv({ KNS_REGION: "ap-southeast-2" })).toThrow(/KNS_BACKUP_COPY_REGION must differ from KNS_REGION/);
  });

  it("take the custom domain, lower-cased and without a trailing dot, and refuse anything that is not a host name", () => {
    expect(stageSettingsFromEnv({ KNS_DOMAIN: " KyNangSo.Example.GOV.vn. " }).domain).toEqual({ name: "kynangso.example.gov.vn" });
    expect(stageSettingsFromEnv({ KNS_DOMAIN: "xn--knngs-9ua7e.example.gov.vn" }).domain?.name).toBe("xn--knngs-9ua7e.example.gov.vn");
    for (const bad of [
      "https://kynangso.example.gov.vn",
      "kynangso.example.gov.vn/app",
      "localhost",
      "*.example.gov.vn",
      "-bad.example.vn",
      "kỹnăngsố.vn",
      "10.0.0.1",
    ]) {
      expect(() => stageSettingsFromEnv({ KNS_DOMAIN: bad }), bad).toThrow(/^KNS_DOMAIN: ".*" is not a domain name/);
    }
  });

  it("take a Route 53 zone only as id and name together, for a domain inside it", () => {
    const zone = { KNS_DOMAIN: "kynangso.example.gov.vn", KNS_HOSTED_ZONE_ID: "Z0123456789ABC", KNS_HOSTED_ZONE_NAME: "Example.gov.vn" };
    expect(stageSettingsFromEnv(zone).domain).toEqual({ name: "kynangso.example.gov.vn", hostedZone: { id: "Z0123456789ABC", name: "example.gov.vn" } });
    expect(stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_NAME: "kynangso.example.gov.vn" }).domain?.hostedZone?.name).toBe("kynangso.example.gov.vn");
    expect(() => stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_NAME: undefined })).toThrow(/go together/);
    expect(() => stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_ID: undefined })).toThrow(/go together/);
    expect(() => stageSettingsFromEnv({ ...zone, KNS_DOMAIN: undefined })).toThrow(/only make sense with KNS_DOMAIN/);
    expect(() => stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_ID: "hostedzone/Z0123" })).toThrow(/^KNS_HOSTED_ZONE_ID/);
    expect(() => stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_NAME: "other.gov.vn" })).toThrow(/not inside the hosted zone other\.gov\.vn/);
    // A suffix that is not a whole label is not a parent zone.
    expect(() => stageSettingsFromEnv({ ...zone, KNS_HOSTED_ZONE_NAME: "ample.gov.vn" })).toThrow(/not inside the hosted zone/);
  });

  it("take the geo allow-list as upper-cased ISO country codes, refusing unknown ones", () => {
    expect(stageSettingsFromEnv({ KNS_GEO_ALLOW: "vn" }).geoAllow).toEqual(["VN"]);
    expect(stageSettingsFromEnv({ KNS_GEO_ALLOW: " VN, la ,VN," }).geoAllow).toEqual(["VN", "LA"]);
    expect(() => stageSettingsFromEnv({ KNS_GEO_ALLOW: "VN,XX" })).toThrow(/^KNS_GEO_ALLOW: "XX" is not an ISO 3166-1 country code/);
    expect(() => stageSettingsFromEnv({ KNS_GEO_ALLOW: "VNM" })).toThrow(/^KNS_GEO_ALLOW: "VNM"/);
    expect(() => stageSettingsFromEnv({ KNS_GEO_ALLOW: "Vietnam" })).toThrow(/^KNS_GEO_ALLOW/);
  });
});

describe("the stacks of one region's sst deploy", () => {
  const settings = stageSettingsFromEnv({});

  it("are the edge in us-east-1, the platform in KNS_REGION and the copy vault in KNS_BACKUP_COPY_REGION", () => {
    expect(stacksForRegion(settings, "us-east-1")).toEqual({ edge: true, main: false, backupCopy: false });
    expect(stacksForRegion(settings, "ap-southeast-1")).toEqual({ edge: false, main: true, backupCopy: false });
    expect(stacksForRegion(settings, "ap-southeast-2")).toEqual({ edge: false, main: false, backupCopy: true });
    expect(stacksForRegion(stageSettingsFromEnv({ KNS_REGION: "us-east-1" }), "us-east-1")).toEqual({ edge: true, main: true, backupCopy: false });
  });

  it("are none in any other region, which is refused", () => {
    expect(() => stacksForRegion(settings, "eu-west-1")).toThrow(/nothing in eu-west-1.*us-east-1 \(edge\), ap-southeast-1 \(KNS_REGION\) and ap-southeast-2/);
  });
});
