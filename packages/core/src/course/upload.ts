import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { objects } from "../storage";
import { courseKeys } from "./course.entity";
import { EXTENSIONS, MEDIA_LIMITS, attachMedia, mediaKind, sniff } from "./media";
import { mustGetDraft, type Actor } from "./store";

export const UploadInput = z.object({
  contentType: z.string().check(z.minLength(3), z.maxLength(100)),
  bytes: z.number().check(z.int(), z.positive()),
  fileName: z.optional(z.string().check(z.maxLength(200))),
});

const UPLOAD_SECONDS = 15 * 60;

/**
 * Step 1 of a large upload (audio, video): checks the declared type and size, and answers with a short-lived
 * URL the browser PUTs the file to directly (S3 in AWS, the local store here), so the file never passes
 * through the API function.
 */
export async function createUpload(courseId: string, raw: z.input<typeof UploadInput>, actor: Actor) {
  const input = UploadInput.parse(raw);
  await mustGetDraft(courseId);
  const contentType = input.contentType.split(";")[0]!.trim().toLowerCase();
  if (!EXTENSIONS[contentType]) throw new VisibleError("media.type_not_allowed", `Files of type ${contentType} are not allowed.`);
  const limit = MEDIA_LIMITS[mediaKind(contentType)] ?? 0;
  if (input.bytes > limit)
    throw new VisibleError(
      "media.too_large",
      `This file is ${(input.bytes / 1024 / 1024).toFixed(1)} MB; the limit for this kind is ${limit / 1024 / 1024} MB.`,
    );
  const uploadId = crypto.randomUUID();
  const key = `uploads/${uploadId}`;
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: {
              ...courseKeys.upload(courseId, uploadId),
              contentType,
              bytes: input.bytes,
              key,
              createdBy: actor.userId,
              expiresAt: Math.floor(Date.now() / 1000) + 24 * 3600,
            },
          },
        },
      ],
    }),
  );
  return {
    uploadId,
    uploadUrl: await objects().signedUploadUrl(key, contentType, input.bytes, UPLOAD_SECONDS),
    method: "PUT" as const,
    headers: { "content-type": contentType },
    expiresIn: UPLOAD_SECONDS,
  };
}

/**
 * Step 2: the server checks what actually arrived (size and the file's own bytes, not the client's word),
 * stores it as course media and registers it with the draft. Repeating it returns the same result.
 */
export async function completeUpload(courseId: string, uploadId: string, actor: Actor) {
  const { doc, table } = db();
  const key = courseKeys.upload(courseId, uploadId);
  const { Item: upload } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  if (!upload) throw new VisibleError("media.upload_not_found", "This upload does not exist or has expired.");
  if (upload.result) return upload.result as Awaited<ReturnType<typeof attachMedia>>;
  const object = await objects().get(upload.key as string);
  if (!object) throw new VisibleError("media.upload_missing", "The file has not been uploaded yet.");
  if (object.body.byteLength !== upload.bytes) throw new VisibleError("media.size_mismatch", "The uploaded file does not have the size that was announced.");
  const actual = sniff(object.body);
  if (actual !== upload.contentType) {
    throw new VisibleError("media.type_mismatch", `The file's content is not ${upload.contentType}${actual ? ` (it looks like ${actual})` : ""}.`);
  }
  const result = await attachMedia(courseId, object.body, upload.contentType as string, actor);
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: "SET #result = :result",
      ExpressionAttributeNames: { "#result": "result" },
      ExpressionAttributeValues: { ":result": result },
    }),
  );
  await objects().remove(upload.key as string);
  return result;
}
