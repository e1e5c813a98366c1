import http from "node:http";
import { hashPassword } from "../../packages/core/src/auth/password";
import { resetDb } from "../../packages/core/src/db/client";
import { newId } from "../../packages/core/src/ids";
import { Unit } from "../../packages/core/src/unit";
import { unitKeys } from "../../packages/core/src/unit/unit.entity";
import { CONSENT_POLICY_VERSION } from "../../packages/core/src/user";
import { userKeys } from "../../packages/core/src/user/user.entity";
import { type RawDynamo, type Marshalled, toItem } from "./ddb";
import type { BenchServer } from "./server";
import { pool } from "./stats";

export const BENCH_PASSWORD = "Bench@2026";

/** Points packages/core in this process at the server's DynamoDB Local and keys. */
export function configureCore(server: BenchServer) {
  process.env.DYNAMODB_ENDPOINT = server.dynamoEndpoint;
  process.env.TABLE_NAME = server.tableName;
  process.env.TOKEN_SECRET = server.secrets.tokenSecret;
  process.env.LINK_SECRET = server.secrets.linkSecret;
  process.env.CERT_SIGNING_KEY = server.secrets.certificateSigningKey;
  process.env.DATA_DIR = server.dataDir;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.LOG_LEVEL = "silent";
  resetDb();
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Cầm", "Quàng", "Lường", "Hà", "Sùng", "Giàng"];
const MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu"];
const GIVEN = ["Hương", "Thành", "Đức", "Mai", "Phúc", "Lan", "Tuấn", "Hoa", "Dũng", "Nga", "Sơn", "Thảo", "Bình", "Yến", "Hải", "Linh", "Khánh", "Trang"];

export function fullName(i: number) {
  return `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / 16) % MIDDLE.length]} ${GIVEN[Math.floor(i / 128) % GIVEN.length]}`;
}

/** Distinct, valid Vietnamese mobile numbers (`097xxxxxxx` and up) that the demo seed does not use. */
export function phone(prefix: string, i: number) {
  return `${prefix}${String(i).padStart(10 - prefix.length, "0")}`;
}

export interface Member {
  id: string;
  phone: string;
  fullName: string;
  unitId: string;
}

let cachedHash: Promise<string> | undefined;
/** One scrypt hash reused for every seeded member (each stored hash carries its own salt, so all verify). */
export function benchPasswordHash() {
  cachedHash ??= hashPassword(BENCH_PASSWORD);
  return cachedHash;
}

/**
 * The items `User.insert()` writes for a member (packages/core/src/user/index.ts): the user with its gsi1
 * membership keys and, unless `withPhone` is false, the phone uniqueness item. Counters are added in bulk by
 * `addMemberCounters`, one update per unit instead of one per member.
 */
export function memberItems(member: Member, passwordHash: string, createdAt: string, withPhone = true): Marshalled[] {
  const user = {
    ...userKeys.user(member.id),
    ...userKeys.member(member.unitId, member.fullName, member.id),
    id: member.id,
    phone: member.phone,
    fullName: member.fullName,
    roles: ["member"],
    unitId: member.unitId,
    active: true,
    consent: { at: createdAt, policyVersion: CONSENT_POLICY_VERSION },
    createdAt,
    passwordHash,
  };
  return withPhone ? [toItem({ ...userKeys.phone(member.phone), userId: member.id }), toItem(user)] : [toItem(user)];
}

/** `ADD members :n` on the team and every ancestor, as memberCounterUpdates does once per member. */
export async function addMemberCounters(raw: RawDynamo, countsByTeam: Map<string, number>) {
  const byUnit = new Map<string, number>();
  for (const [teamId, count] of countsByTeam) {
    const team = await Unit.mustGet(teamId);
    for (const id of Unit.lineage(team)) byUnit.set(id, (byUnit.get(id) ?? 0) + count);
  }
  await pool([...byUnit], 8, ([unitId, count]) =>
    raw.call("UpdateItem", {
      TableName: raw.table,
      Key: toItem(unitKeys.stats(unitId)),
      UpdateExpression: "ADD members :n",
      ExpressionAttributeValues: { ":n": { N: String(count) } },
    }),
  );
}

/** A province → commune → team subtree under the nation root, made with Unit.create like an admin would. */
export async function createTree(prefix: string, communes: number, teamsPerCommune: number): Promise<{ province: Unit.Info; teams: Unit.Info[] }> {
  const province = await Unit.create({
    id: prefix,
    code: prefix.toUpperCase(),
    name: `Tỉnh Thử Tải ${prefix.toUpperCase()}`,
    kind: "province",
    parentId: "vn",
  });
  const communeInputs = Array.from({ length: communes }, (_, c) => ({
    id: `${prefix}-x${c}`,
    code: `${prefix}-X${c}`.toUpperCase(),
    name: `Xã Thử Tải ${c + 1}`,
    kind: "commune" as const,
    parentId: province.id,
  }));
  await pool(communeInputs, 4, (input) => Unit.create(input));
  const teamInputs = communeInputs.flatMap((commune, c) =>
    Array.from({ length: teamsPerCommune }, (_, t) => ({
      id: `${commune.id}-t${t}`,
      code: `${commune.code}-T${t}`,
      name: `Tổ CNSCĐ thôn ${c * teamsPerCommune + t + 1}`,
      kind: "team" as const,
      parentId: commune.id,
    })),
  );
  const teams = await pool(teamInputs, 4, (input) => Unit.create(input));
  return { province, teams };
}

/** Makes `count` members spread evenly over `teams` and writes them straight into DynamoDB Local. */
export async function seedMembers(
  raw: RawDynamo,
  teams: Unit.Info[],
  count: number,
  phonePrefix: string,
  options: { withPhone?: boolean } = {},
): Promise<Member[]> {
  const hash = await benchPasswordHash();
  const createdAt = new Date().toISOString();
  const members: Member[] = Array.from({ length: count }, (_, i) => ({
    id: newId("m"),
    phone: phone(phonePrefix, i),
    fullName: fullName(i),
    unitId: teams[i % teams.length]!.id,
  }));
  await raw.putAll(members.flatMap((member) => memberItems(member, hash, createdAt, options.withPhone ?? true)));
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member.unitId, (counts.get(member.unitId) ?? 0) + 1);
  await addMemberCounters(raw, counts);
  return members;
}

/**
 * Loopback source addresses (127.0.x.y): each simulated phone signs in from its own address, as learners'
 * phones do, so the per-address sign-in limit (100 per 15 minutes) applies per device, not to the whole bench.
 */
export function loopbackAddress(i: number) {
  return `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;
}

export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

/** One HTTP request from a given local address (fetch cannot choose one). */
export function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; localAddress?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: options.localAddress,
        headers: {
          ...(payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on("error", reject);
    req.end(payload);
  });
}

export interface SignedIn extends Member {
  accessToken: string;
  refreshToken: string;
}

/** Signs members in through the API (scrypt on the server), `concurrency` at a time. Returns tokens and latencies. */
export async function signInAll(baseUrl: string, members: Member[], concurrency = 8, addressOffset = 0): Promise<{ signedIn: SignedIn[]; ms: number[] }> {
  const ms: number[] = [];
  const signedIn = await pool(members, concurrency, async (member, i) => {
    const result = await request(baseUrl, "POST", "/api/v1/auth/login", {
      body: { phone: member.phone, password: BENCH_PASSWORD },
      localAddress: loopbackAddress(addressOffset + i),
    });
    if (result.status !== 200) throw new Error(`Sign-in of ${member.phone} failed: ${result.status} ${result.body.slice(0, 200)}`);
    ms.push(result.ms);
    const body = JSON.parse(result.body) as { accessToken: string; refreshToken: string };
    return { ...member, accessToken: body.accessToken, refreshToken: body.refreshToken };
  });
  return { signedIn, ms };
}
