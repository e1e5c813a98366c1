import { Deflate, deflateSync } from "fflate";

/**
 * Test files for the spreadsheet reader (used by its tests, the web app's and the API's): zips written by hand
 * so that their headers can say whatever a test needs, zip bombs made in milliseconds, and minimal workbooks.
 */

const encoder = new TextEncoder();
const bytesOf = (data: Uint8Array | string) => (typeof data === "string" ? encoder.encode(data) : data);

export interface FixtureEntry {
  name: string;
  /** Deflated when written. */
  data?: Uint8Array | string;
  /** Already deflated (raw DEFLATE): written as is. */
  deflated?: Uint8Array;
  /** The uncompressed size the headers claim; by default the true one (unknown, so 0, for `deflated`). */
  declaredSize?: number;
}

/** A zip of the entries, deflated; CRCs are left 0, which the reader does not check. */
export function zip(entries: FixtureEntry[]): Uint8Array {
  const names = entries.map((entry) => encoder.encode(entry.name));
  const bodies = entries.map((entry) => entry.deflated ?? deflateSync(bytesOf(entry.data ?? "")));
  const sizes = entries.map((entry) => entry.declaredSize ?? (entry.data === undefined ? 0 : bytesOf(entry.data).length));
  const localLength = entries.reduce((sum, _, i) => sum + 30 + names[i]!.length + bodies[i]!.length, 0);
  const centralLength = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const out = new Uint8Array(localLength + centralLength + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  entries.forEach((_, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 8, 8, true);
    view.setUint32(at + 18, bodies[i]!.length, true);
    view.setUint32(at + 22, sizes[i]!, true);
    view.setUint16(at + 26, names[i]!.length, true);
    out.set(names[i]!, at + 30);
    out.set(bodies[i]!, at + 30 + names[i]!.length);
    at += 30 + names[i]!.length + bodies[i]!.length;
  });
  const central = at;
  entries.forEach((_, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 10, 8, true);
    view.setUint32(at + 20, bodies[i]!.length, true);
    view.setUint32(at + 24, sizes[i]!, true);
    view.setUint16(at + 28, names[i]!.length, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(names[i]!, at + 46);
    at += 46 + names[i]!.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/**
 * Raw DEFLATE data inflating to each part's data `times` times over, in order, made in milliseconds (200 MB
 * of zeros come out of about 200 KB). A repeated part is deflated once and sync-flushed, so its blocks refer
 * to nothing before them and end on a byte boundary: copies of them can follow one another. Parts written
 * once are stored blocks, and an empty stored block ends the stream.
 */
export function repeatedDeflate(parts: { data: Uint8Array | string; times?: number }[]): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const data = bytesOf(part.data);
    const times = part.times ?? 1;
    if (times === 1) pieces.push(...storedBlocks(data));
    else for (let i = 0, block = selfContainedBlocks(data); i < times; i++) pieces.push(block);
  }
  pieces.push(Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff));
  return concat(pieces);
}

function storedBlocks(data: Uint8Array) {
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += 0xffff) {
    const piece = data.subarray(at, at + 0xffff);
    blocks.push(Uint8Array.of(0x00, piece.length & 0xff, piece.length >> 8, ~piece.length & 0xff, (~piece.length >> 8) & 0xff), piece);
  }
  return blocks;
}

function selfContainedBlocks(data: Uint8Array) {
  const out: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => out.push(chunk));
  deflate.push(data);
  deflate.flush(true);
  const blocks = concat(out);
  // fflate 0.8.3's sync flush writes a broken empty stored block for some input lengths (1 MB works):
  // the flush must end with that block's 00 00 ff ff.
  if (blocks.subarray(-4).join() !== "0,0,255,255") throw new Error(`repeatedDeflate: no sync flush after ${data.length} bytes; use another size`);
  return blocks;
}

function concat(pieces: Uint8Array[]) {
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The package parts around a first sheet at xl/worksheets/sheet1.xml (and shared strings, when given). */
export function workbookParts(sharedStrings?: string[]): FixtureEntry[] {
  const parts: FixtureEntry[] = [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    },
    {
      name: "_rels/.rels",
      data: `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
  ];
  if (sharedStrings) {
    const items = sharedStrings.map((text) => `<si><t xml:space="preserve">${text}</t></si>`).join("");
    parts.push({
      name: "xl/sharedStrings.xml",
      data: `<sst xmlns="${MAIN}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${items}</sst>`,
    });
  }
  return parts;
}

/** A workbook whose first sheet's `<sheetData>` holds `rows` (XML, written as given). */
export function workbook(rows: string, sharedStrings?: string[]): Uint8Array {
  return zip([...workbookParts(sharedStrings), { name: "xl/worksheets/sheet1.xml", data: sheetXml(rows) }]);
}

export const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

export const SHEET_OPEN = `<worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_CLOSE = "</sheetData></worksheet>";

/**
 * A workbook whose sheet inflates to about `megabytes` MB of empty rows while its headers claim `declaredSize`
 * bytes (by default the truth), in a file of roughly megabytes × 1.5 KB.
 */
export function rowsBomb(megabytes: number, declaredSize?: number): Uint8Array {
  const row = "<row/>".repeat(Math.floor(2 ** 20 / 6));
  const size = SHEET_OPEN.length + row.length * megabytes + SHEET_CLOSE.length;
  const deflated = repeatedDeflate([{ data: SHEET_OPEN }, { data: row, times: megabytes }, { data: SHEET_CLOSE }]);
  return zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", deflated, declaredSize: declaredSize ?? size }]);
}

/** A workbook whose sheet is `megabytes` MB of zero bytes, claiming `declaredSize` bytes (by default the truth). */
export function zerosBomb(megabytes: number, declaredSize?: number): Uint8Array {
  const deflated = repeatedDeflate([{ data: new Uint8Array(2 ** 20), times: megabytes }]);
  return zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", deflated, declaredSize: declaredSize ?? megabytes * 2 ** 20 }]);
}
