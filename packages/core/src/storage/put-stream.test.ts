import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalObjectStore, S3ObjectStore, UPLOAD_PARTS_IN_FLIGHT } from "./index";
import { parts } from "./parts";

const MB = 1024 * 1024;

/** Each byte its offset mod 251, so a part out of order or dropped shows. */
const PATTERN = Buffer.alloc(21 * MB);
for (let i = 0; i < PATTERN.length; i++) PATTERN[i] = i % 251;
const expected = (total: number) => PATTERN.subarray(0, total);

/** The pattern's first `total` bytes in pieces of `piece`; the stream fails once `failAfter` bytes are sent. */
function bytes(total: number, piece = 64 * 1024, failAfter?: number): Readable {
  async function* pieces() {
    for (let offset = 0; offset < total; offset += piece) {
      if (failAfter !== undefined && offset >= failAfter) throw new Error("the rows could not be read");
      yield Buffer.from(PATTERN.subarray(offset, Math.min(offset + piece, total)));
    }
  }
  return Readable.from(pieces());
}

async function collect(body: AsyncIterable<Buffer>) {
  const out: Buffer[] = [];
  for await (const part of body) out.push(part);
  return out;
}

async function* of<T>(...pieces: T[]) {
  yield* pieces;
}

describe("parts", () => {
  it("cuts bytes into buffers of exactly the size, the last one shorter, whatever the pieces' sizes", async () => {
    const got = await collect(parts(bytes(10_000, 777), 4096));
    expect(got.map((part) => part.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(got).equals(expected(10_000))).toBe(true);
  });

  it("encodes strings and arrays of lines as UTF-8, splitting a character's bytes across parts where they fall", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `Nguyễn Thị Ánh ${i},Xã Đông Hòa,Hoàn thành\r\n`);
    const got = await collect(parts(of<string | string[]>("\uFEFFHọ và tên\r\n", lines.slice(0, 250), lines.slice(250)), 1000));
    const text = `\uFEFFHọ và tên\r\n${lines.join("")}`;
    expect(Buffer.concat(got).equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(got.slice(0, -1).every((part) => part.length === 1000)).toBe(true);
    expect(got.at(-1)!.length).toBeLessThanOrEqual(1000);
  });

  it("loses no byte of text whose every character takes three bytes, at any part size", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${"ễ".repeat(1 + (i % 7))}\n`);
    const text = Buffer.from(lines.join(""), "utf8");
    for (const size of [7, 8, 9, 10, 64, 100]) {
      const got = await collect(parts(of<string[]>(lines), size));
      expect(Buffer.concat(got).equals(text)).toBe(true);
      expect(got.slice(0, -1).every((part) => part.length === size)).toBe(true);
    }
  });

  it("gives one empty buffer for an empty body, and nothing after a full last part", async () => {
    expect((await collect(parts(of<string>(), 16))).map((part) => part.length)).toEqual([0]);
    expect((await collect(parts(of("0123456789abcdef"), 16))).map((part) => part.length)).toEqual([16]);
  });

  it("gives each part its own memory", async () => {
    const [a, b] = await collect(parts(of("a".repeat(8), "b".repeat(8)), 8));
    expect([a!.toString(), b!.toString()]).toEqual(["aaaaaaaa", "bbbbbbbb"]);
  });
});

describe("LocalObjectStore.putStream", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kns-put-stream-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores the stream's bytes and type under the key", async () => {
    const store = new LocalObjectStore(dir, "secret");
    await store.putStream("exports/a.csv", bytes(3 * MB + 17), "text/csv; charset=utf-8");
    const stored = await store.get("exports/a.csv");
    expect(Buffer.from(stored!.body).equals(expected(3 * MB + 17))).toBe(true);
    expect(stored!.contentType).toBe("text/csv; charset=utf-8");
  });

  it("stores strings as UTF-8", async () => {
    const store = new LocalObjectStore(dir, "secret");
    await store.putStream(
      "exports/b.csv",
      of<string | string[]>("\uFEFFHọ và tên\r\n", ["Nguyễn Thị Ánh\r\n", "Trần Văn Bình\r\n"]),
      "text/csv; charset=utf-8",
    );
    expect(readFileSync(join(dir, "exports/b.csv"), "utf8")).toBe("\uFEFFHọ và tên\r\nNguyễn Thị Ánh\r\nTrần Văn Bình\r\n");
  });

  it("stores nothing when the stream fails, keeps what the key held, and rejects with the stream's error", async () => {
    const store = new LocalObjectStore(dir, "secret");
    await store.putStream("exports/c.csv", of("the first export\r\n"), "text/csv");
    await expect(store.putStream("exports/c.csv", bytes(2 * MB, 64 * 1024, MB), "text/csv")).rejects.toThrow("the rows could not be read");
    expect(readFileSync(join(dir, "exports/c.csv"), "utf8")).toBe("the first export\r\n");
    await expect(store.putStream("exports/d.csv", bytes(2 * MB, 64 * 1024, MB), "text/csv")).rejects.toThrow("the rows could not be read");
    expect(existsSync(join(dir, "exports/d.csv"))).toBe(false);
    expect(readdirSync(join(dir, "exports")).sort()).toEqual(["c.csv", "c.csv.type"]);
  });
});

describe("S3ObjectStore.putStream", () => {
  const s3 = mockClient(S3Client);
  const savedRegion = process.env.AWS_REGION;
  beforeAll(() => {
    process.env.AWS_REGION = "ap-southeast-1";
  });
  afterAll(() => {
    s3.restore();
    if (savedRegion === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = savedRegion;
  });
  /** What each UploadPart carried, by part number. */
  let parts: Map<number, Buffer>;
  /** The most parts whose upload had started and not yet answered. */
  let mostInFlight: number;
  beforeEach(() => {
    s3.reset();
    parts = new Map();
    mostInFlight = 0;
    let inFlight = 0;
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "u-1" });
    s3.on(UploadPartCommand).callsFake(async (input: { PartNumber: number; Body: Uint8Array }) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      parts.set(input.PartNumber, Buffer.from(input.Body));
      inFlight--;
      return { ETag: `"e${input.PartNumber}"`, ChecksumCRC32: `c${input.PartNumber}` };
    });
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"all"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    s3.on(PutObjectCommand).resolves({ ETag: '"one"' });
  });

  it("sends a small stream as one PutObject with its type", async () => {
    await new S3ObjectStore("exports-bucket").putStream("exports/a.csv", bytes(200 * 1024), "text/csv; charset=utf-8");
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({ Bucket: "exports-bucket", Key: "exports/a.csv", ContentType: "text/csv; charset=utf-8" });
    expect(Buffer.from(put!.args[0].input.Body as Uint8Array).equals(expected(200 * 1024))).toBe(true);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it("sends a large stream in 5 MB parts, a bounded number at a time, and completes them in order", async () => {
    const total = 12 * MB + 5;
    await new S3ObjectStore("exports-bucket").putStream("exports/b.csv", bytes(total), "text/csv");
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: "exports-bucket",
      Key: "exports/b.csv",
      ContentType: "text/csv",
    });
    expect([...parts.keys()].sort()).toEqual([1, 2, 3]);
    expect(parts.get(1)!.length).toBe(5 * MB);
    expect(Buffer.concat([1, 2, 3].map((n) => parts.get(n)!)).equals(expected(total))).toBe(true);
    expect(mostInFlight).toBeGreaterThan(0);
    expect(mostInFlight).toBeLessThanOrEqual(UPLOAD_PARTS_IN_FLIGHT);
    const complete = s3.commandCalls(CompleteMultipartUploadCommand);
    expect(complete).toHaveLength(1);
    expect(complete[0]!.args[0].input).toMatchObject({
      UploadId: "u-1",
      MultipartUpload: { Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"e${n}"` })) },
    });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it("aborts the upload and rejects with the stream's error when the stream fails after parts were sent", async () => {
    await expect(new S3ObjectStore("exports-bucket").putStream("exports/c.csv", bytes(20 * MB, 64 * 1024, 11 * MB), "text/csv")).rejects.toThrow(
      "the rows could not be read",
    );
    expect(parts.size).toBeGreaterThan(0);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: "exports-bucket", Key: "exports/c.csv", UploadId: "u-1" },
    ]);
  });

  it("stops reading the body when S3 refuses to start the upload", async () => {
    s3.on(CreateMultipartUploadCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    let read = 0;
    let closed = false;
    async function* body() {
      try {
        for (; read < 100; read++) yield Buffer.alloc(MB);
      } finally {
        closed = true;
      }
    }
    await expect(new S3ObjectStore("exports-bucket").putStream("exports/e.csv", body(), "text/csv")).rejects.toThrow("Access Denied");
    expect(closed).toBe(true);
    expect(read).toBeLessThan(20);
    expect(s3.commandCalls(UploadPartCommand)).toHaveLength(0);
  });

  it("aborts the upload when S3 refuses a part", async () => {
    s3.on(UploadPartCommand, { PartNumber: 2 }).rejects(Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailable" }));
    await expect(new S3ObjectStore("exports-bucket").putStream("exports/d.csv", bytes(12 * MB), "text/csv")).rejects.toThrow("Service Unavailable");
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });
});
