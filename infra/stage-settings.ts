import { RegionInfo } from "aws-cdk-lib/region-info";
import { DEFAULT_BACKUP_COPY_REGION } from "./storage";

/**
 * The stage parameters (docs/deploy.md, "Deploy"): environment variables read once, here,
 * by both `sst.config.ts` and `npm run synth` (infra/synth.ts), and checked before anything is synthesized, so a
 * typo fails with a sentence naming the variable instead of a CloudFormation error twenty minutes into a deploy.
 */

/** CloudFront only takes certificates and WAF web ACLs made in N. Virginia, so the edge stack always lives there. */
export const EDGE_REGION = "us-east-1";
/** Singapore: the nearest region to Vietnam with every service the platform uses. */
export const DEFAULT_REGION = "ap-southeast-1";

export interface HostedZoneSettings {
  /** Route 53 hosted zone id, `Z…`. */
  id: string;
  /** The zone's domain, the custom domain itself or a parent of it. */
  name: string;
}

export interface DomainSettings {
  /** The site's own name, e.g. `kynangso.example.gov.vn`. */
  name: string;
  /** The Route 53 zone holding it, when there is one: the certificate is validated and the alias record made there. */
  hostedZone?: HostedZoneSettings;
}

export interface StageSettings {
  /** The region of the main stack (`KNS_REGION`). */
  region: string;
  /** The custom domain (`KNS_DOMAIN`, `KNS_HOSTED_ZONE_ID`, `KNS_HOSTED_ZONE_NAME`); without it the site is on `*.cloudfront.net`. */
  domain?: DomainSettings;
  /** ISO 3166-1 alpha-2 codes (`KNS_GEO_ALLOW`); the WAF blocks every other country when this is not empty. */
  geoAllow: string[];
  /** Where AWS Backup copies recovery points (`KNS_BACKUP_COPY_REGION`). */
  backupCopyRegion: string;
}

type Env = Record<string, string | undefined>;

/** Regions of the commercial partition: CloudFront, and so this whole design, exists only there. */
const REGIONS = new Set(RegionInfo.regions.filter((region) => region.partition === "aws").map((region) => region.name));

function regionOf(variable: string, value: string | undefined, fallback: string) {
  const name = value?.trim() || fallback;
  if (!REGIONS.has(name)) throw new Error(`${variable}: "${name}" is not an AWS region (for example ${DEFAULT_REGION} or ${DEFAULT_BACKUP_COPY_REGION}).`);
  return name;
}

/** RFC 1123 host name labels; `xn--` labels carry internationalised names (a Vietnamese name with diacritics is entered in its punycode form). */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
function hostName(variable: string, value: string) {
  const name = value.trim().toLowerCase().replace(/\.$/, "");
  const labels = name.split(".");
  if (name.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) {
    throw new Error(
      `${variable}: "${value}" is not a domain name such as kynangso.example.gov.vn (letters, digits and hyphens, dot-separated, no scheme or path).`,
    );
  }
  return name;
}

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
function countries(value: string | undefined) {
  const codes = (value ?? "")
    .split(",")
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
  for (const code of codes) {
    const known = /^[A-Z]{2}$/.test(code) && countryNames.of(code) !== code && countryNames.of(code) !== "Unknown Region";
    if (!known) throw new Error(`KNS_GEO_ALLOW: "${code}" is not an ISO 3166-1 country code; give two-letter codes separated by commas, e.g. VN or VN,LA.`);
  }
  return [...new Set(codes)];
}

function domain(env: Env): DomainSettings | undefined {
  const zoneId = env.KNS_HOSTED_ZONE_ID?.trim();
  const zoneName = env.KNS_HOSTED_ZONE_NAME?.trim();
  const raw = env.KNS_DOMAIN?.trim();
  if (!raw) {
    if (zoneId || zoneName) throw new Error("KNS_HOSTED_ZONE_ID and KNS_HOSTED_ZONE_NAME only make sense with KNS_DOMAIN, the name they serve.");
    return undefined;
  }
  const name = hostName("KNS_DOMAIN", raw);
  if (!zoneId && !zoneName) return { name };
  if (!zoneId || !zoneName) throw new Error("KNS_HOSTED_ZONE_ID and KNS_HOSTED_ZONE_NAME go together: the zone's id (Z…) and its domain name.");
  if (!/^Z[A-Z0-9]{1,31}$/.test(zoneId))
    throw new Error(`KNS_HOSTED_ZONE_ID: "${zoneId}" is not a Route 53 hosted zone id (Z followed by capital letters and digits).`);
  const zone = hostName("KNS_HOSTED_ZONE_NAME", zoneName);
  if (name !== zone && !name.endsWith(`.${zone}`)) throw new Error(`KNS_DOMAIN ${name} is not inside the hosted zone ${zone} (KNS_HOSTED_ZONE_NAME).`);
  return { name, hostedZone: { id: zoneId, name: zone } };
}

/** Every stage parameter, validated; throws an Error naming the variable at the first bad one. */
export function stageSettingsFromEnv(env: Env): StageSettings {
  const main = regionOf("KNS_REGION", env.KNS_REGION, DEFAULT_REGION);
  const backupCopyRegion = regionOf("KNS_BACKUP_COPY_REGION", env.KNS_BACKUP_COPY_REGION, DEFAULT_BACKUP_COPY_REGION);
  if (backupCopyRegion === main) throw new Error(`KNS_BACKUP_COPY_REGION must differ from KNS_REGION (${main}): a copy in the same region is lost with it.`);
  return { region: main, domain: domain(env), geoAllow: countries(env.KNS_GEO_ALLOW), backupCopyRegion };
}

export interface RegionPlan {
  /** The us-east-1 stack: WAF web ACL, and the certificate when there is a domain. */
  edge: boolean;
  /** The platform itself. */
  main: boolean;
  /** The vault AWS Backup copies into. */
  backupCopy: boolean;
}

/**
 * Which of a stage's stacks go to `region`. SST v2 deploys every stack of an app through CloudFormation in the
 * app's one region (sst/stacks/deploy.js calls CloudFormation with `project.config.region`; SST's Stack refuses an
 * `env` of its own), so a stage is deployed region by region: `sst deploy --region us-east-1` for the edge, plain
 * `sst deploy` (the config's region, KNS_REGION) for the platform, `--region <KNS_BACKUP_COPY_REGION>` for the
 * copy vault. Throws for a region this stage has nothing in, so a stray `--region` cannot deploy an empty app.
 */
export function stacksForRegion(settings: StageSettings, region: string): RegionPlan {
  const plan = { edge: region === EDGE_REGION, main: region === settings.region, backupCopy: region === settings.backupCopyRegion };
  if (!plan.edge && !plan.main && !plan.backupCopy) {
    throw new Error(
      `This stage has nothing in ${region}: its stacks are in ${EDGE_REGION} (edge), ${settings.region} (KNS_REGION) and ${settings.backupCopyRegion} ` +
        "(KNS_BACKUP_COPY_REGION). Set KNS_REGION in the environment (SST reads the config's region before it loads .env files) or pass --region.",
    );
  }
  return plan;
}
