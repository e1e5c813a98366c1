import { execFileSync } from "node:child_process";
import { createECDH, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type IncomingMessage, createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { onError } from "../../packages/api/src/error";
import { type AuthEnv, requireAuth } from "../../packages/api/src/middleware/auth";
import { type RequestEnv, requestContext } from "../../packages/api/src/middleware/request-context";
import { devInboxRoutes, notificationRoutes } from "../../packages/api/src/routes/notifications";
import { Audit } from "../../packages/core/src/audit";
import { db } from "../../packages/core/src/db/client";
import type { ChannelName } from "../../packages/core/src/model";
import { Notify } from "../../packages/core/src/notify";
import { pushChannel, zaloChannel } from "../../packages/core/src/notify/channels";
import { notifyKeys } from "../../packages/core/src/notify/notify.entity";
import { subscriptionsOf } from "../../packages/core/src/notify/subscriptions";
import { seedDemo, signIn } from "./client";

/**
 * Messages to people: consent and opt-out, push devices, exactly-once delivery per key across retries and
 * failing channels, the per-person limit, the local dev inbox, and the Zalo ZNS and Web Push adapters against
 * local stand-ins for Zalo's API and a browser's push service.
 */

// The app with these routes mounted as app.ts mounts them (under /me, and /dev when DEV_INBOX=1).
const app = new Hono<RequestEnv>();
app.use(requestContext);
app.route("/api/v1/me", new Hono<AuthEnv & RequestEnv>().use(requireAuth).route("/", notificationRoutes));
app.route("/api/v1/dev", devInboxRoutes);
app.onError(onError);

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await app.request(`/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const VERSION = "2026-12";
const ENV_KEYS = [
  "DEV_INBOX",
  "VAPID_PUBLIC_KEY",
  "VAPID_PRIVATE_KEY",
  "VAPID_SUBJECT",
  "ZALO_ZNS_ACCESS_TOKEN",
  "ZALO_ZNS_TEMPLATES",
  "ZALO_ZNS_URL",
  "SMS_ORIGINATION_IDENTITY",
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let learner: string;
let learnerId: string;
let leaderId: string;
let leader: string;
/** Each test's hour: the hourly limit counts per clock hour, so tests sending many messages stay apart. */
let hour = 0;
const nextHour = () => new Date(Date.UTC(2026, 11, 1, 3 + hour++, 0, 0));
let keys = 0;
const key = (name: string) => `test:${name}:${keys++}`;

/** A channel standing in for a provider: records what it carried, fails when told to. */
function fakeChannel(name: ChannelName, failTimes = 0) {
  const carried: string[] = [];
  let failures = failTimes;
  const channel: Notify.Channel = {
    name,
    available: () => true,
    async send(to, message) {
      if (failures > 0) {
        failures--;
        throw new Error(`${name} provider is down`);
      }
      carried.push(`${to.phone} ${message.text}`);
    },
  };
  return { channel, carried };
}

beforeAll(async () => {
  await seedDemo();
  for (const key of ENV_KEYS) delete process.env[key];
  const session = await signIn("0912000001");
  learner = session.accessToken;
  learnerId = session.user.id;
  const lead = await signIn("0912000005");
  leader = lead.accessToken;
  leaderId = lead.user.id;
});

afterEach(() => {
  Notify.useChannels();
  for (const key of ENV_KEYS) delete process.env[key];
});

afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[key] = value;
});

describe("consent per channel", () => {
  it("starts with every channel off and says which channels this deployment has", async () => {
    const { status, json } = await call("GET", "/me/notifications", learner);
    expect(status).toBe(200);
    expect(json.channels.sms).toEqual({ enabled: false, consentAt: null, consentVersion: null });
    expect(json.channels.push).toMatchObject({ enabled: false, devices: 0 });
    expect(json.available).toEqual({ push: false, zalo: false, sms: false });
    expect(json.vapidPublicKey).toBeNull();
  });

  it("refuses to turn on a channel the deployment cannot send through", async () => {
    const { status, json } = await call("PUT", "/me/notifications/sms", learner, { enabled: true, consentVersion: VERSION });
    expect(status).toBe(409);
    expect(json.error.code).toBe("notify.channel_unavailable");
  });

  it("records consent (time and wording), audits it, and honours the opt-out from the next message", async () => {
    const sms = fakeChannel("sms");
    Notify.useChannels([sms.channel]);
    const on = await call("PUT", "/me/notifications/sms", leader, { enabled: true, consentVersion: VERSION });
    expect(on.status).toBe(200);
    expect(on.json.channels.sms).toMatchObject({ enabled: true, consentVersion: VERSION });
    expect(Date.parse(on.json.channels.sms.consentAt)).toBeGreaterThan(Date.now() - 60_000);
    // The same request again changes nothing and audits nothing.
    expect((await call("PUT", "/me/notifications/sms", leader, { enabled: true, consentVersion: VERSION })).json).toEqual(on.json);

    const now = nextHour();
    expect(await Notify.deliver({ userId: leaderId, kind: "reminder.due", text: "Còn 7 ngày", key: key("consent"), channels: ["sms"] }, now)).toEqual({
      sent: ["sms"],
      duplicate: false,
    });

    const off = await call("PUT", "/me/notifications/sms", leader, { enabled: false, consentVersion: VERSION });
    expect(off.json.channels.sms).toMatchObject({ enabled: false, consentAt: on.json.channels.sms.consentAt });
    expect(await Notify.deliver({ userId: leaderId, kind: "reminder.due", text: "Còn 1 ngày", key: key("opted-out") }, now)).toEqual({
      sent: [],
      duplicate: false,
    });
    expect(sms.carried).toEqual(["+84912000005 Còn 7 ngày"]);

    const entries = (await Audit.list("sla-muongbu-banbo")).filter((entry) => entry.target === leaderId && entry.action.startsWith("notify."));
    expect(entries.map((entry) => entry.action)).toEqual(["notify.consent_withdrawn", "notify.consent_given"]);
    expect(entries[1]!.details).toEqual({ channel: "sms", consentVersion: VERSION });
  });

  it("answers 400 to a channel that does not exist and to a body without a consent version", async () => {
    expect((await call("PUT", "/me/notifications/fax", learner, { enabled: true, consentVersion: VERSION })).status).toBe(400);
    expect((await call("PUT", "/me/notifications/sms", learner, { enabled: true })).status).toBe(400);
    expect((await call("PUT", "/me/notifications/sms", learner, { enabled: "yes", consentVersion: VERSION })).status).toBe(400);
    expect((await call("PUT", "/me/notifications/sms", learner, { enabled: true, consentVersion: "<b>" })).status).toBe(400);
    expect((await call("GET", "/me/notifications")).status).toBe(401);
  });
});

describe("push devices", () => {
  const device = (n: number) => ({
    endpoint: `https://fcm.googleapis.com/fcm/send/device-${n}`,
    expirationTime: null,
    keys: { p256dh: createECDH("prime256v1").generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  });

  it("keeps at most five devices a person, dropping the one subscribed longest ago, and forgets one on request", async () => {
    for (let n = 0; n < 6; n++) {
      expect((await call("POST", "/me/push-subscriptions", learner, device(n))).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect((await call("GET", "/me/notifications", learner)).json.channels.push.devices).toBe(5);
    const endpoints = () => subscriptionsOf(learnerId);
    expect((await endpoints()).map((s) => s.endpoint)).not.toContain(device(0).endpoint);
    expect((await call("DELETE", "/me/push-subscriptions", learner, { endpoint: device(5).endpoint })).status).toBe(204);
    expect((await call("DELETE", "/me/push-subscriptions", learner, { endpoint: device(5).endpoint })).status).toBe(204);
    expect((await endpoints()).map((s) => s.endpoint)).not.toContain(device(5).endpoint);
  });

  it.each([
    ["an http endpoint", { ...device(1), endpoint: "http://fcm.googleapis.com/fcm/send/x" }],
    ["an IP address", { ...device(1), endpoint: "https://169.254.169.254/latest/meta-data" }],
    ["localhost", { ...device(1), endpoint: "https://localhost:8443/push" }],
    ["not a URL", { ...device(1), endpoint: "fcm.googleapis.com" }],
    ["a huge endpoint", { ...device(1), endpoint: `https://fcm.googleapis.com/${"a".repeat(2000)}` }],
    ["no keys", { endpoint: device(1).endpoint }],
    ["a p256dh that is not base64url", { ...device(1), keys: { ...device(1).keys, p256dh: "+".repeat(87) } }],
    ["a short auth", { ...device(1), keys: { ...device(1).keys, auth: "abc" } }],
    ["a huge auth", { ...device(1), keys: { ...device(1).keys, auth: "a".repeat(5000) } }],
  ])("refuses a subscription with %s (400)", async (_name, body) => {
    const { status, json } = await call("POST", "/me/push-subscriptions", learner, body);
    expect(status).toBe(400);
    expect(json.error.code).toBe("request.invalid");
  });

  it("refuses to remove without an endpoint (400)", async () => {
    expect((await call("DELETE", "/me/push-subscriptions", learner, {})).status).toBe(400);
  });
});

describe("delivery", () => {
  it("sends each message once per key: a failing channel is retried alone, and a repeat is a duplicate", async () => {
    const sms = fakeChannel("sms");
    const zalo = fakeChannel("zalo", 1);
    Notify.useChannels([sms.channel, zalo.channel]);
    for (const channel of ["sms", "zalo"]) await call("PUT", `/me/notifications/${channel}`, learner, { enabled: true, consentVersion: VERSION });
    const now = nextHour();
    const message = { userId: learnerId, kind: "reminder.inactive" as const, text: "Đã 3 ngày bạn chưa học", key: key("retry") };

    const failed = await Notify.deliver(message, now).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(Notify.DeliveryError);
    expect(failed).toMatchObject({ failed: ["zalo"], retryable: true });
    expect(await Notify.deliver(message, now)).toEqual({ sent: ["zalo"], duplicate: false });
    expect(await Notify.deliver(message, now)).toEqual({ sent: [], duplicate: true });
    expect(sms.carried).toHaveLength(1);
    expect(zalo.carried).toHaveLength(1);
  });

  it("sends once when the same key is delivered twice at the same moment", async () => {
    const sms = fakeChannel("sms");
    Notify.useChannels([{ ...sms.channel, send: (to, m) => new Promise((resolve) => setTimeout(resolve, 50)).then(() => sms.channel.send(to, m)) }]);
    await call("PUT", "/me/notifications/sms", learner, { enabled: true, consentVersion: VERSION });
    const message = { userId: learnerId, kind: "broadcast" as const, text: "Họp tổ tối nay", key: key("race"), channels: ["sms" as const] };
    const now = nextHour();
    const results = await Promise.allSettled([Notify.deliver(message, now), Notify.deliver(message, now)]);
    expect(sms.carried).toHaveLength(1);
    expect(results.some((result) => result.status === "fulfilled" && result.value.sent.includes("sms"))).toBe(true);
    // The one that lost the race either saw the message sent or asks to be retried; a retry finds it sent.
    expect(await Notify.deliver(message, now)).toEqual({ sent: [], duplicate: true });
  });

  it("sends a code the person asked for on one channel without consent (SMS), and nothing else unconsented", async () => {
    const sms = fakeChannel("sms");
    const zalo = fakeChannel("zalo");
    Notify.useChannels([sms.channel, zalo.channel]);
    const now = nextHour();
    // The trainer never turned anything on.
    const trainer = await signIn("0912000002");
    expect(await Notify.deliver({ userId: trainer.user.id, kind: "reminder.due", text: "Nhắc", key: key("no-consent") }, now)).toEqual({
      sent: [],
      duplicate: false,
    });
    const code = { userId: trainer.user.id, kind: "password_reset" as const, text: "Mã đặt lại: 482913", key: key("code"), urgent: true };
    expect(await Notify.deliver(code, now)).toEqual({ sent: ["sms"], duplicate: false });
    expect(await Notify.deliver(code, now)).toEqual({ sent: [], duplicate: true });
    expect(sms.carried).toEqual(["+84912000002 Mã đặt lại: 482913"]);
    expect(zalo.carried).toEqual([]);
  });

  it("refuses an eleventh message to one person within the hour (notify.rate_limited), and gives its key back", async () => {
    const sms = fakeChannel("sms");
    Notify.useChannels([sms.channel]);
    const admin = await signIn("0912000007");
    const now = nextHour();
    for (let n = 0; n < 10; n++) await Notify.deliver({ userId: admin.user.id, kind: "broadcast", text: `Tin ${n}`, key: key("flood"), urgent: true }, now);
    const eleventh = { userId: admin.user.id, kind: "broadcast" as const, text: "Tin 11", key: key("flood"), urgent: true };
    await expect(Notify.deliver(eleventh, now)).rejects.toMatchObject({ code: "notify.rate_limited", kind: "rate-limited" });
    expect(sms.carried).toHaveLength(10);
    expect(await Notify.deliver(eleventh, new Date(now.getTime() + 3_600_000))).toEqual({ sent: ["sms"], duplicate: false });
  });
});

describe("the dev inbox (local server)", () => {
  it("holds every message on each channel it would go through, and as an SMS when none is on, newest first", async () => {
    process.env.DEV_INBOX = "1";
    const admin = await signIn("0912000004");
    const on = await call("PUT", "/me/notifications/zalo", admin.accessToken, { enabled: true, consentVersion: VERSION });
    expect(on.json.available).toEqual({ push: true, zalo: true, sms: true });
    await call("PUT", "/me/notifications/sms", admin.accessToken, { enabled: true, consentVersion: VERSION });
    const now = nextHour();
    expect(
      await Notify.deliver(
        { userId: admin.user.id, kind: "reminder.due", text: "Khóa học sắp đến hạn", url: "https://kns.example/c/1", key: key("inbox") },
        now,
      ),
    ).toEqual({
      sent: ["zalo", "sms"],
      duplicate: false,
    });
    const trainer = await signIn("0912000002");
    const later = new Date(now.getTime() + 1000);
    await Notify.deliver({ userId: trainer.user.id, kind: "broadcast", text: "Chưa bật kênh nào", key: key("inbox-none") }, later);

    const { status, json } = await call("GET", "/dev/messages?limit=3");
    expect(status).toBe(200);
    expect(json.items).toEqual([
      { to: "0912000002", channel: "sms", kind: "broadcast", text: "Chưa bật kênh nào", at: later.toISOString() },
      expect.objectContaining({ to: "0912000004", kind: "reminder.due", text: "Khóa học sắp đến hạn\nhttps://kns.example/c/1", at: now.toISOString() }),
      expect.objectContaining({ to: "0912000004", kind: "reminder.due" }),
    ]);
    expect(
      json.items
        .slice(1)
        .map((item: { channel: string }) => item.channel)
        .sort(),
    ).toEqual(["sms", "zalo"]);
    expect((await call("GET", "/dev/messages?limit=0")).status).toBe(400);
  });
});

/** A local server that records each request and answers as `answer` says. */
async function standIn(answer: (request: IncomingMessage, body: Buffer) => { status: number; body?: unknown }, tls?: { key: Buffer; cert: Buffer }) {
  const requests: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: Buffer }[] = [];
  const handler = (request: IncomingMessage, response: import("node:http").ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      const reply = answer(request, body);
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      (server as import("node:http").Server).closeAllConnections();
      server.close(() => resolve());
    });
  return { origin: `${tls ? "https" : "http"}://127.0.0.1:${port}`, requests, close };
}

const recipient = (phone: string, subscriptions: Notify.Recipient["subscriptions"] = []): Notify.Recipient => ({ userId: learnerId, phone, subscriptions });

describe("the Zalo ZNS adapter (against a local stand-in for Zalo's API)", () => {
  it("posts the template, its data and a tracking id with the access token, and accepts error 0", async () => {
    const zalo = await standIn(() => ({ status: 200, body: { error: 0, message: "Success", data: { msg_id: "a1b2", sent_time: "1764000000000" } } }));
    try {
      process.env.ZALO_ZNS_ACCESS_TOKEN = "zalo-token";
      process.env.ZALO_ZNS_TEMPLATES = JSON.stringify({ "reminder.due": "256789" });
      process.env.ZALO_ZNS_URL = `${zalo.origin}/message/template`;
      expect(zaloChannel.available("reminder.due")).toBe(true);
      expect(zaloChannel.available("broadcast")).toBe(false);
      await zaloChannel.send(recipient("+84912000001"), {
        kind: "reminder.due",
        text: "Còn 7 ngày",
        template: { course: "An toàn trên mạng", days: "7" },
        reference: "0123abcd",
      });
      const [request] = zalo.requests;
      expect(request).toMatchObject({ method: "POST", url: "/message/template" });
      expect(request!.headers).toMatchObject({ access_token: "zalo-token", "content-type": "application/json" });
      expect(JSON.parse(request!.body.toString())).toEqual({
        phone: "84912000001",
        template_id: "256789",
        template_data: { course: "An toàn trên mạng", days: "7" },
        tracking_id: "0123abcd",
      });
    } finally {
      await zalo.close();
    }
  });

  it("fails on a non-zero error (HTTP 200 all the same) and on an HTTP error, so the message is retried", async () => {
    let reply = { status: 200, body: { error: -124, message: "Access token is invalid" } as unknown };
    const zalo = await standIn(() => reply);
    try {
      process.env.ZALO_ZNS_ACCESS_TOKEN = "expired";
      process.env.ZALO_ZNS_TEMPLATES = JSON.stringify({ "reminder.due": "256789" });
      process.env.ZALO_ZNS_URL = `${zalo.origin}/message/template`;
      await expect(zaloChannel.send(recipient("+84912000001"), { kind: "reminder.due", text: "x" })).rejects.toThrow(/error -124: Access token is invalid/);
      reply = { status: 502, body: undefined };
      await expect(zaloChannel.send(recipient("+84912000001"), { kind: "reminder.due", text: "x" })).rejects.toThrow(/HTTP 502/);
      expect(JSON.parse(zalo.requests[0]!.body.toString()).template_data).toEqual({ message: "x" });
    } finally {
      await zalo.close();
    }
  });
});

describe("the Web Push adapter (against a local stand-in for a push service)", () => {
  let tls: { key: Buffer; cert: Buffer };
  let dir: string;
  const ece = createRequire(import.meta.url)("http_ece") as { decrypt(body: Buffer, params: Record<string, unknown>): Buffer };

  beforeAll(() => {
    // web-push sends over https only; a self-signed certificate for 127.0.0.1, trusted for these tests alone.
    dir = mkdtempSync(join(tmpdir(), "kns-push-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
    tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A browser's subscription: its own key pair, so the test can decrypt what the push service received. */
  function browser(endpoint: string) {
    const keyPair = createECDH("prime256v1");
    keyPair.generateKeys();
    const auth = randomBytes(16);
    return {
      keyPair,
      auth,
      subscription: { endpoint, expirationTime: null, keys: { p256dh: keyPair.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } },
    };
  }

  /** A device registered on a push service at 127.0.0.1, which the subscription schema refuses from browsers. */
  async function storeDevice(userId: string, subscription: ReturnType<typeof browser>["subscription"]) {
    const { doc, table } = db();
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...notifyKeys.subscription(userId, subscription.endpoint), subscription, subscribedAt: new Date().toISOString() },
      }),
    );
  }

  it("sends a VAPID-signed, aes128gcm-encrypted message that the browser's keys decrypt, and drops a device that is gone (410)", async () => {
    const vapid = Notify.generateVapidKeys();
    process.env.VAPID_PUBLIC_KEY = vapid.vapidPublicKey;
    process.env.VAPID_PRIVATE_KEY = vapid.vapidPrivateKey;
    process.env.VAPID_SUBJECT = "mailto:ops@kynangso.example";
    const pushService = await standIn((request) => ({ status: request.url?.startsWith("/gone") ? 410 : 201 }), tls);
    const rejectUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const live = browser(`${pushService.origin}/push/live`);
      const gone = browser(`${pushService.origin}/gone/old-phone`);
      const member = await signIn("0912000003");
      await storeDevice(member.user.id, live.subscription);
      await storeDevice(member.user.id, gone.subscription);
      const on = await call("PUT", "/me/notifications/push", member.accessToken, { enabled: true, consentVersion: VERSION });
      expect(on.json).toMatchObject({ available: { push: true }, vapidPublicKey: vapid.vapidPublicKey, channels: { push: { enabled: true, devices: 2 } } });

      const now = nextHour();
      const text = "Bài mới: Thanh toán không dùng tiền mặt";
      expect(await Notify.deliver({ userId: member.user.id, kind: "broadcast", text, url: "/courses/cashless", key: key("push") }, now)).toEqual({
        sent: ["push"],
        duplicate: false,
      });

      const received = pushService.requests.find((request) => request.url === "/push/live")!;
      expect(received.method).toBe("POST");
      expect(received.headers).toMatchObject({ "content-encoding": "aes128gcm", ttl: "86400", urgency: "normal", "content-type": "application/octet-stream" });
      const [, token, publicKey] = /^vapid t=([^,]+), k=(.+)$/.exec(String(received.headers.authorization))!;
      expect(publicKey).toBe(vapid.vapidPublicKey);
      const point = Buffer.from(publicKey!, "base64url");
      const verifier = await importJWK(
        { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
        "ES256",
      );
      const { payload } = await jwtVerify(token!, verifier, { audience: pushService.origin });
      expect(decodeProtectedHeader(token!).alg).toBe("ES256");
      expect(payload.sub).toBe("mailto:ops@kynangso.example");
      expect(payload.exp! - Date.now() / 1000).toBeLessThanOrEqual(24 * 3600);

      const clear = ece.decrypt(received.body, { version: "aes128gcm", privateKey: live.keyPair, authSecret: live.auth.toString("base64url") });
      expect(JSON.parse(clear.toString())).toEqual({ kind: "broadcast", text, url: "/courses/cashless" });

      // The device that answered 410 is gone; the live one stays.
      expect((await Notify.preferences(member.user.id)).channels.push.devices).toBe(1);

      // A code goes at high priority and is kept for a short while only.
      await pushChannel.send(
        { userId: member.user.id, phone: "+84912000003", subscriptions: [live.subscription] },
        { kind: "password_reset", text: "Mã 123456", urgent: true },
      );
      expect(pushService.requests.at(-1)!.headers).toMatchObject({ urgency: "high", ttl: "900" });
    } finally {
      if (rejectUnauthorized === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = rejectUnauthorized;
      await pushService.close();
    }
  });

  it("fails when every device is gone, and the retry no longer plans push", async () => {
    const vapid = Notify.generateVapidKeys();
    process.env.VAPID_PUBLIC_KEY = vapid.vapidPublicKey;
    process.env.VAPID_PRIVATE_KEY = vapid.vapidPrivateKey;
    const pushService = await standIn(() => ({ status: 410 }), tls);
    const rejectUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const member = await signIn("0912000006");
      await storeDevice(member.user.id, browser(`${pushService.origin}/gone/1`).subscription);
      await call("PUT", "/me/notifications/push", member.accessToken, { enabled: true, consentVersion: VERSION });
      const message = { userId: member.user.id, kind: "broadcast" as const, text: "x", key: key("all-gone") };
      const now = nextHour();
      await expect(Notify.deliver(message, now)).rejects.toBeInstanceOf(Notify.DeliveryError);
      expect((await Notify.preferences(member.user.id)).channels.push.devices).toBe(0);
      expect(await Notify.deliver(message, now)).toEqual({ sent: [], duplicate: true });
    } finally {
      if (rejectUnauthorized === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = rejectUnauthorized;
      await pushService.close();
    }
  });
});
