import { createHash } from "node:crypto";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { objects } from "../storage";
import { courseKeys } from "./course.entity";
import type { MediaFile } from "./schema";
import { mustGetDraft, type Actor } from "./store";

export const EXTENSIONS: Record<string, string> = {
  "image/svg+xml": "svg",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/ogg": "ogg",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "text/vtt": "vtt",
};

/** Upload limits per kind, checked on the server whatever the client says. */
export const MEDIA_LIMITS: Record<string, number> = {
  image: 2 * 1024 * 1024,
  audio: 10 * 1024 * 1024,
  video: 50 * 1024 * 1024,
  text: 200 * 1024,
};

export function mediaKind(contentType: string) {
  return contentType.split("/")[0] === "text" ? "text" : (contentType.split("/")[0] ?? "");
}

/** Stores a media file under its content hash (immutable, deduplicated) and returns its reference. */
export async function storeMedia(bytes: Uint8Array, contentType: string): Promise<MediaFile & { src: string }> {
  const extension = EXTENSIONS[contentType];
  if (!extension) {
    throw new VisibleError(
      "media.type_not_allowed",
      `Files of type ${contentType} are not allowed. Use SVG, PNG, JPEG or WebP images, MP3/M4A/OGG audio, MP4/WebM video, or VTT captions.`,
    );
  }
  const limit = MEDIA_LIMITS[mediaKind(contentType)] ?? 0;
  if (bytes.byteLength > limit) {
    throw new VisibleError(
      "media.too_large",
      `This file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit for this kind is ${limit / 1024 / 1024} MB.`,
    );
  }
  const actual = sniff(bytes);
  if (actual !== contentType) {
    throw new VisibleError("media.type_mismatch", `The file's content is not ${contentType}${actual ? ` (it looks like ${actual})` : ""}.`);
  }
  // Loaded on demand: the XML parser stays out of the API's cold start.
  if (contentType === "image/svg+xml") (await import("./svg")).assertSafe(bytes);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  const key = `media/${hash}.${extension}`;
  if (!(await objects().exists(key))) await objects().put(key, bytes, contentType);
  return { src: key, key, bytes: bytes.byteLength, contentType };
}

export function contentTypeOf(fileName: string): string | undefined {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  return Object.entries(EXTENSIONS).find(([, ext]) => ext === extension || (ext === "jpg" && extension === "jpeg"))?.[0];
}

/**
 * Stores an uploaded file (type and size checked here, whatever the client claimed) and registers it with
 * the course's draft, so the draft can reference it and publishing knows its size.
 */
export async function attachMedia(courseId: string, bytes: Uint8Array, contentType: string, actor: Actor) {
  const stored = await storeMedia(bytes, contentType);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: courseKeys.draft(courseId),
            UpdateExpression: "SET media.#src = :file",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#src": stored.src },
            ExpressionAttributeValues: { ":file": { key: stored.key, bytes: stored.bytes, contentType: stored.contentType } },
          },
        },
        Audit.entryPut(actor, "course.media.upload", "courses", courseId, { src: stored.src, bytes: stored.bytes }),
      ],
    }),
  );
  return { src: stored.src, bytes: stored.bytes, contentType: stored.contentType, url: `/api/v1/${stored.src}` };
}

/**
 * A file a trainer sends with the request (images, captions: the small ones), for a course's draft. The type
 * is the request's content type without parameters; storeMedia checks it against the bytes.
 */
export async function uploadMedia(courseId: string, bytes: Uint8Array, declaredType: string, actor: Actor) {
  await mustGetDraft(courseId);
  if (bytes.byteLength === 0) throw new VisibleError("media.empty", "The file is empty.");
  return attachMedia(courseId, bytes, declaredType.split(";")[0]!.trim().toLowerCase(), actor);
}

/** What a file's first bytes say it is; uploads whose bytes do not match their declared type are refused. */
export function sniff(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 64));
  const ascii = head.toString("latin1");
  if (head[0] === 0x89 && ascii.slice(1, 4) === "PNG") return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return "image/webp";
  if (ascii.startsWith("OggS")) return "audio/ogg";
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return "video/webm";
  if (ascii.slice(4, 8) === "ftyp") return /M4A|M4B/.test(ascii.slice(8, 12)) ? "audio/mp4" : "video/mp4";
  if (ascii.startsWith("ID3") || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return "audio/mpeg";
  if (ascii.replace(/^\uFEFF/, "").startsWith("WEBVTT")) return "text/vtt";
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(Buffer.from(bytes.subarray(0, 1024)).toString("utf8"))) return "image/svg+xml";
  return undefined;
}
