import jsQR from "jsqr";
import { decodePDFRawStream, PDFArray, PDFDocument, type PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { Info } from "../certificate";
import { renderPdf, verificationUrl } from "../certificate/pdf";
import { renderJoinCodeSheet } from "../team-import/sheet-pdf";
import { qrModules } from "./qr";

/**
 * The QR codes the PDFs print must scan. A phone camera is not available here, so each page is rasterised from its
 * own content stream (the filled rectangles and rectangular paths the code is drawn with, under every transform)
 * into a bitmap, and jsQR, a decoder that knows nothing of how the code was made, reads it.
 */
const PIXELS_PER_POINT = 3;
/** Dark modules on light paper, as printed: a code that only reads inverted is a failure, though jsQR could read it. */
const scan = (pixels: Uint8ClampedArray, width: number, height: number) => jsQR(pixels, width, height, { inversionAttempts: "dontInvert" })?.data;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** `cm`: the new matrix applies before the current one. */
const concat = ([a, b, c, d, e, f]: Matrix, [A, B, C, D, E, F]: Matrix): Matrix => [
  a * A + b * C,
  a * B + b * D,
  c * A + d * C,
  c * B + d * D,
  e * A + f * C + E,
  e * B + f * D + F,
];
const apply = ([a, b, c, d, e, f]: Matrix, x: number, y: number): [number, number] => [a * x + c * y + e, b * x + d * y + f];

/** Strings, arrays, hex strings, names, numbers and operators of a content stream. */
const TOKEN = /\[[^\]]*\]|<[^>]*>|\((?:\\.|[^\\)])*\)|\/[^\s/[\]<>()]+|[^\s/[\]<>()]+/g;

/** One page's filled shapes painted black on white, as an RGBA bitmap; only shapes that are rectangles are expected. */
async function rasterise(pdfBytes: Uint8Array, pageIndex: number) {
  const document = await PDFDocument.load(pdfBytes);
  const page = document.getPage(pageIndex);
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
  const text = streams.map((stream) => new TextDecoder("latin1").decode(decodePDFRawStream(stream as PDFRawStream).decode())).join("\n");

  const { width, height } = page.getSize();
  const w = Math.ceil(width * PIXELS_PER_POINT);
  const h = Math.ceil(height * PIXELS_PER_POINT);
  const pixels = new Uint8ClampedArray(w * h * 4).fill(255);
  const paint = (x0: number, y0: number, x1: number, y1: number, dark: boolean) => {
    // PDF space runs up from the bottom left; the bitmap down from the top left. A pixel is painted when its centre is inside.
    const left = Math.max(0, Math.round(x0 * PIXELS_PER_POINT));
    const right = Math.min(w, Math.round(x1 * PIXELS_PER_POINT));
    const top = Math.max(0, Math.round((height - y1) * PIXELS_PER_POINT));
    const bottom = Math.min(h, Math.round((height - y0) * PIXELS_PER_POINT));
    for (let y = top; y < bottom; y++) pixels.fill(dark ? 0 : 255, (y * w + left) * 4, (y * w + right) * 4);
    for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) pixels[(y * w + x) * 4 + 3] = 255;
  };

  const states: Array<{ ctm: Matrix; dark: boolean }> = [];
  let ctm = IDENTITY;
  let dark = true;
  let subpaths: Array<Array<[number, number]>> = [];
  let operands: string[] = [];
  const num = (i: number) => Number(operands[operands.length - i]);
  let filled = 0;
  for (const [token] of text.matchAll(TOKEN)) {
    if (/^[-+.\d]/.test(token) || /^[[<(/]/.test(token)) {
      operands.push(token);
      continue;
    }
    switch (token) {
      case "q":
        states.push({ ctm, dark });
        break;
      case "Q":
        ({ ctm, dark } = states.pop()!);
        break;
      case "cm":
        ctm = concat([num(6), num(5), num(4), num(3), num(2), num(1)], ctm);
        break;
      case "rg":
        dark = 0.299 * num(3) + 0.587 * num(2) + 0.114 * num(1) < 0.5;
        break;
      case "g":
        dark = num(1) < 0.5;
        break;
      case "m":
        subpaths.push([apply(ctm, num(2), num(1))]);
        break;
      case "l":
        subpaths.at(-1)!.push(apply(ctm, num(2), num(1)));
        break;
      case "re": {
        const [x, y, rw, rh] = [num(4), num(3), num(2), num(1)];
        subpaths.push([apply(ctm, x, y), apply(ctm, x + rw, y), apply(ctm, x + rw, y + rh), apply(ctm, x, y + rh)]);
        break;
      }
      case "f":
      case "F":
      case "f*":
      case "B":
      case "B*":
      case "b":
      case "b*":
        for (const points of subpaths) {
          const xs = points.map(([x]) => x);
          const ys = points.map(([, y]) => y);
          const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
          const onCorner = ([x, y]: [number, number]) =>
            (Math.abs(x - x0) < 1e-6 || Math.abs(x - x1) < 1e-6) && (Math.abs(y - y0) < 1e-6 || Math.abs(y - y1) < 1e-6);
          if (!points.every(onCorner)) throw new Error(`a filled shape that is not an upright rectangle: ${JSON.stringify(points)}`);
          paint(x0, y0, x1, y1, dark);
          filled++;
        }
        subpaths = [];
        break;
      case "S":
      case "s":
      case "n":
        subpaths = [];
        break;
    }
    operands = [];
  }
  return { pixels, width: w, height: h, filled };
}

const certificate: Info = {
  code: "7K3M9QX2DT",
  holderName: "Nguyễn Thị Hồng Nhung",
  courseId: "an-toan-tren-mang",
  courseTitle: "Kỹ năng số cơ bản: an toàn trên mạng cho người dân",
  version: 3,
  issuedAt: "2026-11-20T08:30:00.000Z",
  line: 1,
  unitId: "vn-01-00004",
  unitName: "Phường Ba Đình",
  signature: "Vq2f8sJc1Yw7kq0pRzN3mB6tXh5uLd9eGa4iOy2nTs8vWb1cKj7rFx3oPl6gHm0dQe5zSa9uIt4yNw2kVr8xBc",
  status: "valid",
  competences: ["cyber-safety", "payments", "dc-4.1", "dc-4.2"],
};

describe("QR codes", () => {
  it("encode the text at error correction M with no quiet zone of their own: a bitmap of the modules decodes to it", () => {
    const text = "https://kynangso.example.gov.vn/join/ABCD2345";
    const qr = qrModules(text);
    // Version 3 at M holds 42 bytes, version 4 holds 62: this 46-byte link needs version 4, 33 modules a side.
    // At L it would fit version 3 (53 bytes), so the size shows the error-correction level.
    expect(qr.size).toBe(33);
    const scale = 4;
    const quiet = 4;
    const side = (qr.size + 2 * quiet) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const [row, col] = [Math.floor(y / scale) - quiet, Math.floor(x / scale) - quiet];
        if (row >= 0 && col >= 0 && row < qr.size && col < qr.size && qr.dark(row, col)) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
      }
    // The finder pattern's corner is dark at the matrix's own edge: no border was added around it.
    expect([qr.dark(0, 0), qr.dark(0, 6), qr.dark(6, 0), qr.dark(0, 7)]).toEqual([true, true, true, false]);
    expect(scan(pixels, side, side)).toBe(text);
  });

  it("on the certificate PDF, scan to its verification link", async () => {
    const baseUrl = "https://d1234abcdef.cloudfront.net";
    const page = await rasterise(await renderPdf(certificate, baseUrl), 0);
    expect(page.filled).toBeGreaterThan(1000);
    expect(scan(page.pixels, page.width, page.height)).toBe(verificationUrl(baseUrl, certificate));
  });

  it("on the join-code sheet, scan to the team's registration link", async () => {
    const link = "https://kynangso.example.gov.vn/join/K7M2QX9D";
    const sheet = await renderJoinCodeSheet(
      { name: "Xã Tân Phú", provinceName: "Đồng Nai" },
      [{ name: "Tổ 1 ấp Phú Lợi", joinCode: "K7M2QX9D", link }],
      new Date("2026-11-20T03:00:00Z"),
    );
    const page = await rasterise(sheet, 0);
    expect(scan(page.pixels, page.width, page.height)).toBe(link);
  });
});
