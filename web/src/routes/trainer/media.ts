/**
 * Preparing files for upload in the browser. Photos from a phone are several MB; a lesson image on a learner's
 * 3G phone should be tens of KB, so raster images are scaled to at most 1280 px and re-encoded (WebP, or JPEG
 * where the browser cannot write WebP) before they leave the trainer's computer. SVG is sent as it is.
 */

export type MediaKind = "image" | "audio" | "video" | "captions";

export const ACCEPT: Record<MediaKind, string> = {
  image: "image/svg+xml,image/png,image/jpeg,image/webp,.svg,.png,.jpg,.jpeg,.webp",
  audio: "audio/mpeg,audio/mp4,audio/ogg,.mp3,.m4a,.ogg",
  video: "video/mp4,video/webm,.mp4,.webm",
  captions: "text/vtt,.vtt",
};

/** The server's limits (packages/core/src/course/index.ts MEDIA_LIMITS), checked here first to save a long upload. */
const LIMIT_BYTES: Record<MediaKind, number> = {
  image: 2 * 1024 * 1024,
  audio: 10 * 1024 * 1024,
  video: 50 * 1024 * 1024,
  captions: 200 * 1024,
};

const TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  mp4: "video/mp4",
  webm: "video/webm",
  vtt: "text/vtt",
};

const ALLOWED: Record<MediaKind, string[]> = {
  image: ["image/svg+xml", "image/png", "image/jpeg", "image/webp"],
  audio: ["audio/mpeg", "audio/mp4", "audio/ogg"],
  video: ["video/mp4", "video/webm"],
  captions: ["text/vtt"],
};

const MAX_IMAGE_SIDE = 1280;
const IMAGE_QUALITY = 0.8;

/** The file's type as the server names it: the browser's guess is empty or odd for .vtt, .m4a and some .mp3. */
function contentTypeOf(file: File): string | undefined {
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  const fromName = TYPES[extension];
  const fromBrowser = file.type === "audio/mp3" ? "audio/mpeg" : file.type === "audio/x-m4a" ? "audio/mp4" : file.type;
  return Object.values(TYPES).includes(fromBrowser) ? fromBrowser : fromName;
}

type Prepared = { ok: true; blob: Blob; width?: number; height?: number } | { ok: false; reason: "type" | "size" | "decode"; limitMb?: number };

export async function prepareFile(file: File, kind: MediaKind): Promise<Prepared> {
  const type = contentTypeOf(file);
  if (!type || !ALLOWED[kind].includes(type)) return { ok: false, reason: "type" };
  if (kind === "image") {
    if (type === "image/svg+xml") {
      const size = await svgSize(file);
      return { ok: true, blob: new Blob([file], { type }), ...size };
    }
    try {
      const compressed = await compressImage(file, type);
      if (compressed.blob.size > LIMIT_BYTES.image) return { ok: false, reason: "size", limitMb: 2 };
      return { ok: true, ...compressed };
    } catch {
      return { ok: false, reason: "decode" };
    }
  }
  if (file.size > LIMIT_BYTES[kind]) return { ok: false, reason: "size", limitMb: Math.round(LIMIT_BYTES[kind] / 1024 / 1024) || 0.2 };
  return { ok: true, blob: new Blob([file], { type }) };
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("The image could not be read"));
    image.src = url;
  });
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** Scales to at most 1280 px on the longer side and re-encodes; keeps the original when that is already smaller. */
async function compressImage(file: Blob, type: string): Promise<{ blob: Blob; width: number; height: number }> {
  const url = URL.createObjectURL(file);
  try {
    const image = await loadImage(url);
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
    const width = Math.max(1, Math.round(image.naturalWidth * scale));
    const height = Math.max(1, Math.round(image.naturalHeight * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("No canvas");
    context.drawImage(image, 0, 0, width, height);
    // WebP keeps transparency (screenshots, diagrams); JPEG where the browser cannot write WebP, on white.
    let blob = await toBlob(canvas, "image/webp", IMAGE_QUALITY);
    if (blob?.type !== "image/webp") {
      context.globalCompositeOperation = "destination-over";
      context.fillStyle = "#fff";
      context.fillRect(0, 0, width, height);
      blob = await toBlob(canvas, "image/jpeg", IMAGE_QUALITY);
    }
    if (!blob) throw new Error("The image could not be encoded");
    if (scale === 1 && file.size <= blob.size) return { blob: new Blob([file], { type }), width, height };
    return { blob, width, height };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** An SVG's size from its width/height or viewBox, so regions and layout know its proportions. */
async function svgSize(file: Blob): Promise<{ width?: number; height?: number }> {
  const text = await file.text();
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0] ?? "";
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, "i").exec(tag)?.[1];
  const number = (value: string | undefined) => {
    const parsed = value && /^\s*[\d.]+\s*(px)?\s*$/.test(value) ? Math.round(Number.parseFloat(value)) : NaN;
    return Number.isFinite(parsed) && parsed > 0 && parsed <= 4000 ? parsed : undefined;
  };
  let width = number(attr("width"));
  let height = number(attr("height"));
  const box = attr("viewBox")
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if ((!width || !height) && box?.length === 4 && box.every(Number.isFinite)) {
    width = number(String(box[2]));
    height = number(String(box[3]));
  }
  return width && height ? { width, height } : {};
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
