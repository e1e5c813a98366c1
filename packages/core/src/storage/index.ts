export * as Storage from "./index";

import { createHmac, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { type Piece, parts } from "./parts";

export type { Piece } from "./parts";

/**
 * Object storage behind one small interface: S3 in AWS (BUCKET_NAME), a directory under DATA_DIR locally
 * (OBJECTS_DIR), with expiring signed download links that the local server checks.
 * Keys are slash-separated paths such as `media/<sha256>.svg` or `exports/<id>.csv`.
 */
export interface ObjectStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * Stores a body as it is produced (a national export, 200 MB and more, is never whole in memory or on disk):
   * bytes (a file's read stream), or text as UTF-8. The object appears only once the body has ended; if the body
   * fails, what the key held before stays, nothing is left half-stored, and the body's error is what rejects.
   */
  putStream(key: string, body: AsyncIterable<Piece>, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  /** An object's size and type without its body (the media route: Range requests and HEAD). */
  head(key: string): Promise<{ size: number; contentType: string } | undefined>;
  /** Bytes `start` to `end` (inclusive, within the object) alone: a player seeking in a 50 MB video reads only what it asked for. */
  getRange(key: string, start: number, end: number): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** A link that works without other credentials until it expires. */
  signedDownloadUrl(key: string, expiresInSeconds: number, fileName?: string): Promise<string>;
  /** A URL the browser PUTs one file of this type and exact size to, until it expires. */
  signedUploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number): Promise<string>;
  remove(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
export function assertKey(key: string) {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid object key: ${key}`);
}

/** The content type a local object was stored with, kept beside it in `<file>.type`. */
async function storedType(path: string) {
  return existsSync(`${path}.type`) ? await readFile(`${path}.type`, "utf8") : "application/octet-stream";
}

export class LocalObjectStore implements ObjectStore {
  constructor(
    private readonly dir: string,
    private readonly signingSecret: string,
    private readonly publicPrefix = "/api/v1/files",
  ) {}

  private path(key: string) {
    assertKey(key);
    const path = resolve(this.dir, key);
    if (!path.startsWith(resolve(this.dir) + sep)) throw new Error(`Invalid object key: ${key}`);
    return path;
  }

  async put(key: string, body: Uint8Array | string, contentType: string) {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, body);
    await writeFile(`${path}.type`, contentType);
    await rename(temp, path);
  }

  async putStream(key: string, body: AsyncIterable<Piece>, contentType: string) {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    try {
      await pipeline(Readable.from(parts(body, 1024 * 1024)), createWriteStream(temp));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await writeFile(`${path}.type`, contentType);
    await rename(temp, path);
  }

  async get(key: string) {
    const path = this.path(key);
    if (!existsSync(path)) return undefined;
    const contentType = await storedType(path);
    return { body: new Uint8Array(await readFile(path)), contentType };
  }

  async head(key: string) {
    const path = this.path(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const contentType = await storedType(path);
    return { size: info.size, contentType };
  }

  async getRange(key: string, start: number, end: number) {
    const path = this.path(key);
    const file = await open(path, "r").catch(() => undefined);
    if (!file) return undefined;
    try {
      const body = new Uint8Array(Math.max(0, end - start + 1));
      let filled = 0;
      while (filled < body.byteLength) {
        const { bytesRead } = await file.read(body, filled, body.byteLength - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === body.byteLength ? body : body.subarray(0, filled);
    } finally {
      await file.close();
    }
  }

  /** For the local server's download route: a stream and its size. */
  async open(key: string) {
    const path = this.path(key);
    if (!existsSync(path)) return undefined;
    const contentType = await storedType(path);
    return { stream: createReadStream(path), size: (await stat(path)).size, contentType };
  }

  async exists(key: string) {
    return existsSync(this.path(key));
  }

  private signature(key: string, expires: number, fileName: string) {
    return createHmac("sha256", this.signingSecret).update(`${key}\n${expires}\n${fileName}`).digest("base64url");
  }

  async signedDownloadUrl(key: string, expiresInSeconds: number, fileName = "") {
    this.path(key);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const params = new URLSearchParams({ expires: String(expires), name: fileName, sig: this.signature(key, expires, fileName) });
    return `${this.publicPrefix}/${key}?${params}`;
  }

  private uploadSignature(key: string, expires: number, contentType: string, bytes: number) {
    return createHmac("sha256", this.signingSecret).update(`PUT\n${key}\n${expires}\n${contentType}\n${bytes}`).digest("base64url");
  }

  async signedUploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number) {
    this.path(key);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const params = new URLSearchParams({
      expires: String(expires),
      type: contentType,
      bytes: String(bytes),
      sig: this.uploadSignature(key, expires, contentType, bytes),
    });
    return `${this.publicPrefix}/${key}?${params}`;
  }

  /** Checks an upload URL made by signedUploadUrl; returns the size it allows, or undefined. */
  verifyUpload(key: string, query: { expires?: string; type?: string; bytes?: string; sig?: string }): { contentType: string; bytes: number } | undefined {
    const when = Number(query.expires);
    const bytes = Number(query.bytes);
    if (!Number.isFinite(when) || when < Date.now() / 1000 || !Number.isInteger(bytes) || !query.type || !query.sig) return undefined;
    const expected = Buffer.from(this.uploadSignature(key, when, query.type, bytes));
    const actual = Buffer.from(query.sig);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? { contentType: query.type, bytes } : undefined;
  }

  async remove(key: string) {
    const path = this.path(key);
    await rm(path, { force: true });
    await rm(`${path}.type`, { force: true });
  }

  /** Checks a link made by signedDownloadUrl. */
  verify(key: string, expires: string, fileName: string, sig: string): boolean {
    const when = Number(expires);
    if (!Number.isFinite(when) || when < Date.now() / 1000) return false;
    const expected = Buffer.from(this.signature(key, when, fileName));
    const actual = Buffer.from(sig);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

/** S3's smallest part of a multipart upload but the last: a streamed body is sent in parts of this size. */
export const UPLOAD_PART_BYTES = 5 * 1024 * 1024;

/**
 * Parts of a streamed upload sent at once: the body goes on being read while they travel. With the part being
 * filled, the upload holds about 15 MB; the national export's memory (≤ 256 MB, docs/performance.md) has room
 * for that and not for many more.
 */
export const UPLOAD_PARTS_IN_FLIGHT = 2;

/** S3, with its SDK loaded on first use so requests that never touch files do not pay for it at cold start. */
export class S3ObjectStore implements ObjectStore {
  private client: Promise<{ s3: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;
  constructor(private readonly bucket: string) {}

  private sdk() {
    this.client ??= import("@aws-sdk/client-s3").then((sdk) => ({ s3: new sdk.S3Client({}), sdk }));
    return this.client;
  }

  async put(key: string, body: Uint8Array | string, contentType: string) {
    assertKey(key);
    const { s3, sdk } = await this.sdk();
    await s3.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /**
   * One PutObject when the body is a single part; otherwise a multipart upload whose parts are sent while the
   * body is still being produced, at most UPLOAD_PARTS_IN_FLIGHT at once (each retried by the SDK like any
   * request). Any failure, the body's or S3's, aborts the upload before it rejects, so no object and no part is
   * left; the bucket's lifecycle rule removes the parts of a process that ended mid-upload (infra/storage.ts).
   * Each part carries its CRC32, which S3 checks, as lib-storage's Upload does; that library is not used because
   * it copies every part once more and encodes text a string at a time (docs/performance.md).
   */
  async putStream(key: string, body: AsyncIterable<Piece>, contentType: string) {
    assertKey(key);
    const { s3, sdk } = await this.sdk();
    const object = { Bucket: this.bucket, Key: key };
    const source = parts(body, UPLOAD_PART_BYTES)[Symbol.asyncIterator]();
    const first = await source.next();
    let next = await source.next();
    if (next.done) {
      await s3.send(new sdk.PutObjectCommand({ ...object, Body: first.value as Buffer, ContentType: contentType }));
      return;
    }
    let UploadId: string | undefined;
    try {
      ({ UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ ...object, ContentType: contentType, ChecksumAlgorithm: "CRC32" })));
    } catch (err) {
      // Nothing was stored; the body stops being read (an export's reads with it).
      await source.return(undefined);
      throw err;
    }
    const uploaded: CompletedPart[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    const send = (PartNumber: number, Body: Buffer) => {
      const sent: Promise<void> = s3
        .send(new sdk.UploadPartCommand({ ...object, UploadId, PartNumber, Body, ChecksumAlgorithm: "CRC32" }))
        .then(
          ({ ETag, ChecksumCRC32 }) => {
            uploaded.push({ PartNumber, ETag, ...(ChecksumCRC32 ? { ChecksumCRC32 } : {}) });
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    };
    try {
      let number = 1;
      send(number++, first.value as Buffer);
      while (!next.done) {
        while (inFlight.size >= UPLOAD_PARTS_IN_FLIGHT) await Promise.race(inFlight);
        if (failure) throw failure.error;
        send(number++, next.value);
        next = await source.next();
      }
      await Promise.all(inFlight);
      if (failure) throw failure.error;
      uploaded.sort((a, b) => a.PartNumber! - b.PartNumber!);
      await s3.send(new sdk.CompleteMultipartUploadCommand({ ...object, UploadId, MultipartUpload: { Parts: uploaded } }));
    } catch (err) {
      await Promise.all(inFlight);
      await source.return(undefined);
      // What this abort cannot remove, the lifecycle rule does; the error to report is the one that stopped the upload.
      await s3.send(new sdk.AbortMultipartUploadCommand({ ...object, UploadId })).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string) {
    const { s3, sdk } = await this.sdk();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: await out.Body!.transformToByteArray(), contentType: out.ContentType ?? "application/octet-stream" };
    } catch (err) {
      if ((err as Error).name === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async head(key: string) {
    const { s3, sdk } = await this.sdk();
    try {
      const out = await s3.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? "application/octet-stream" };
    } catch (err) {
      if ((err as Error).name === "NotFound" || (err as Error).name === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async getRange(key: string, start: number, end: number) {
    const { s3, sdk } = await this.sdk();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }));
      return await out.Body!.transformToByteArray();
    } catch (err) {
      if ((err as Error).name === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async exists(key: string) {
    const { s3, sdk } = await this.sdk();
    try {
      await s3.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }

  async signedDownloadUrl(key: string, expiresInSeconds: number, fileName?: string) {
    const { s3, sdk } = await this.sdk();
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    const command = new sdk.GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(fileName ? { ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"` } : {}),
    });
    return getSignedUrl(s3, command, { expiresIn: expiresInSeconds });
  }

  async signedUploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number) {
    assertKey(key);
    const { s3, sdk } = await this.sdk();
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    // Content-Type and Content-Length are signed: S3 refuses any other type or size.
    const command = new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: bytes });
    return getSignedUrl(s3, command, { expiresIn: expiresInSeconds, signableHeaders: new Set(["content-type", "content-length"]) });
  }

  async remove(key: string) {
    const { s3, sdk } = await this.sdk();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

let store: ObjectStore | undefined;

/** The configured store: S3 when BUCKET_NAME is set, else the local directory OBJECTS_DIR (default .data/objects). */
export function objects(): ObjectStore {
  if (!store) {
    const bucket = process.env.BUCKET_NAME;
    store = bucket
      ? new S3ObjectStore(bucket)
      : new LocalObjectStore(process.env.OBJECTS_DIR ?? join(process.env.DATA_DIR ?? ".data", "objects"), process.env.LINK_SECRET ?? "");
  }
  return store;
}

export function setObjects(next: ObjectStore | undefined) {
  store = next;
}
