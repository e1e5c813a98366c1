/**
 * Reads the first sheet of an .xlsx workbook and writes it as CSV, in the browser and without a library:
 * an .xlsx file is a ZIP of XML parts, the browser inflates ZIP entries (DecompressionStream "deflate-raw")
 * and parses XML (DOMParser). Only what a member list needs is read: text, numbers and booleans.
 * Loaded only when someone picks an .xlsx file. Any failure is reported as Error("xlsx").
 */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function entries(zip: Uint8Array): Map<string, Entry> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("xlsx");
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const found = new Map<string, Entry>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error("xlsx");
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(zip.subarray(offset + 46, offset + 46 + nameLength));
    found.set(name, { method, compressedSize, localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

async function readEntry(zip: Uint8Array, all: Map<string, Entry>, name: string): Promise<string | undefined> {
  const entry = all.get(name);
  if (!entry) return undefined;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const start = entry.localOffset + 30 + view.getUint16(entry.localOffset + 26, true) + view.getUint16(entry.localOffset + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(data);
  if (entry.method !== 8) throw new Error("xlsx");
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(new Uint8Array(data));
      controller.close();
    },
  }).pipeThrough(new DecompressionStream("deflate-raw"));
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  return text + decoder.decode();
}

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  if (doc.getElementsByTagName("parsererror").length) throw new Error("xlsx");
  return doc;
}

const textOf = (node: Element) =>
  Array.from(node.getElementsByTagNameNS(MAIN_NS, "t"))
    .map((t) => t.textContent ?? "")
    .join("");

/** "BC12" → 54 (0-based column index). */
function columnIndex(reference: string) {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? "A";
  return [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

function csvCell(value: string) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The path of the workbook's first sheet, from workbook.xml and its relationships. */
async function firstSheetPath(zip: Uint8Array, all: Map<string, Entry>) {
  const workbook = await readEntry(zip, all, "xl/workbook.xml");
  const rels = await readEntry(zip, all, "xl/_rels/workbook.xml.rels");
  const sheet = workbook ? parse(workbook).getElementsByTagNameNS(MAIN_NS, "sheet")[0] : undefined;
  const relId = sheet?.getAttributeNS(REL_NS, "id");
  if (rels && relId) {
    const target = Array.from(parse(rels).getElementsByTagName("Relationship")).find((rel) => rel.getAttribute("Id") === relId)?.getAttribute("Target");
    if (target) return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  }
  return "xl/worksheets/sheet1.xml";
}

export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  try {
    const all = entries(bytes);
    const sharedXml = await readEntry(bytes, all, "xl/sharedStrings.xml");
    const shared = sharedXml ? Array.from(parse(sharedXml).getElementsByTagNameNS(MAIN_NS, "si")).map(textOf) : [];
    const sheetXml = await readEntry(bytes, all, await firstSheetPath(bytes, all));
    if (!sheetXml) throw new Error("xlsx");
    const rows: string[][] = [];
    for (const row of Array.from(parse(sheetXml).getElementsByTagNameNS(MAIN_NS, "row"))) {
      const cells: string[] = [];
      let next = 0;
      for (const cell of Array.from(row.getElementsByTagNameNS(MAIN_NS, "c"))) {
        const reference = cell.getAttribute("r");
        const index = reference ? columnIndex(reference) : next;
        next = index + 1;
        const type = cell.getAttribute("t");
        const raw = cell.getElementsByTagNameNS(MAIN_NS, "v")[0]?.textContent ?? "";
        cells[index] = type === "s" ? (shared[Number(raw)] ?? "") : type === "inlineStr" ? textOf(cell) : type === "b" ? (raw === "1" ? "TRUE" : "FALSE") : raw;
      }
      rows.push(Array.from(cells, (value) => value ?? ""));
    }
    const header = (rows[0] ?? []).map((name) => name.normalize("NFC").trim().toLowerCase());
    const phoneColumn = header.findIndex((name) => name === "phone" || name === "số điện thoại");
    return rows
      .filter((cells) => cells.some((value) => value.trim()))
      .map((cells, index) =>
        cells
          .map((value, column) =>
            // Excel stores a phone typed as a number without its leading 0 (912345678): put it back.
            index > 0 && column === phoneColumn && /^[35789]\d{8}$/.test(value) ? `0${value}` : value,
          )
          .map(csvCell)
          .join(","),
      )
      .join("\n");
  } catch {
    throw new Error("xlsx");
  }
}
