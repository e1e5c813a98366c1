import { VisibleError } from "../error";
import { objects } from "../storage";
import { saveDraft } from "./draft";
import { contentTypeOf, storeMedia } from "./media";
import { hashContent, publishVersion, usedMedia } from "./publish";
import { Bundle, Content, type MediaFile } from "./schema";
import { getDraft, getMeta, getVersion, notFound, type Actor } from "./store";

/**
 * Imports a course bundle (docs/course-bundle.md): uploads its media, saves the draft and publishes it when
 * it differs from the latest version. Idempotent, so `npm start` can run it on every start. Only the seed and
 * tests call it (no route does): it publishes without four-eyes, audited under its actor (`system`).
 */
export async function importBundle(
  rawBundle: unknown,
  readMedia: (path: string) => Promise<Uint8Array>,
  actor: Actor,
): Promise<{ version: number; published: boolean }> {
  const parsed = Bundle.safeParse(rawBundle);
  if (!parsed.success) {
    throw new VisibleError(
      "course.bundle_invalid",
      `The course bundle is not valid: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`,
      { details: parsed.error.issues },
    );
  }
  const { format: _format, id, changeSummary, ...content } = parsed.data;
  const media: Record<string, MediaFile> = {};
  const renamed = new Map<string, string>();
  for (const src of new Set(
    JSON.stringify(content)
      .match(/"media\/[A-Za-z0-9._-]+"/g)
      ?.map((s) => s.slice(1, -1)) ?? [],
  )) {
    const contentType = contentTypeOf(src);
    if (!contentType) throw new VisibleError("media.type_not_allowed", `${src}: unknown file type`);
    const stored = await storeMedia(await readMedia(src), contentType);
    media[stored.src] = { key: stored.key, bytes: stored.bytes, contentType };
    renamed.set(src, stored.src);
  }
  const rewritten = Content.parse(
    JSON.parse(JSON.stringify(content).replace(/"media\/[A-Za-z0-9._-]+"/g, (m) => `"${renamed.get(m.slice(1, -1)) ?? m.slice(1, -1)}"`)),
  );
  const meta = await getMeta(id);
  if (meta && meta.versionCount > 0) {
    const current = await getVersion(id, meta.versionCount);
    if (current && current.contentHash === hashContent(rewritten, usedMedia(rewritten, media))) return { version: current.version, published: false };
  }
  const existing = await getDraft(id);
  const draft = await saveDraft(id, { content: rewritten, baseRevision: existing?.revision ?? 0 }, actor, media);
  // The shipped curriculum is the programme's own, reviewed before release: published as the caller (the system) without a request.
  const version = await publishVersion(id, { changeSummary, draftRevision: draft.revision }, actor);
  return { version: version.version, published: true };
}

/** Exports a published version (or the draft) as a bundle plus its media files. */
export async function exportBundle(courseId: string, versionNumber?: number) {
  const source = versionNumber ? await getVersion(courseId, versionNumber) : await getDraft(courseId);
  if (!source) throw notFound();
  const files: Record<string, string> = {};
  for (const [src, file] of Object.entries(source.media)) {
    const object = await objects().get(file.key);
    if (object) files[src] = Buffer.from(object.body).toString("base64");
  }
  const changeSummary = "changeSummary" in source ? source.changeSummary : "Bản nháp";
  return { bundle: { format: "kns-course@1" as const, id: courseId, changeSummary, ...source.content }, files };
}
