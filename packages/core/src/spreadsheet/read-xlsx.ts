import { SpreadsheetError, unreadable } from "./error";
import { IMPORT_MAX_ROWS } from "../model/member-import";
import { XmlScanner, type Attributes, type XmlHandler } from "./xml";
import { Zip, type ZipLimits } from "./zip";

export interface Limits extends ZipLimits {
  /** Rows that hold at least one value (empty rows are skipped and not counted). */
  rows: number;
  /** A value in a column past this many is refused. */
  columns: number;
}

const MB = 1024 * 1024;

/**
 * Sized for the member import: 5,000 rows (MemberImport.MAX_ROWS) under a header, four columns with room to
 * spare, and parts far larger than such a list needs (5,000 rows of four columns are about 1 MB of XML).
 * A workbook has a dozen entries; a thousand leaves room for ones with images and many sheets.
 */
export const LIMITS: Limits = { entryBytes: 20 * MB, totalBytes: 40 * MB, entries: 1000, rows: IMPORT_MAX_ROWS + 1, columns: 50 };

export interface Sheet {
  /** The first sheet's rows that hold a value, top to bottom; each cell's text, "" where a cell is empty. */
  rows: string[][];
  /** The same shape as `rows`: true where the cell held a number rather than text or a boolean. */
  numeric: boolean[][];
}

/**
 * Reads the first sheet of an .xlsx workbook, on the server and in the browser alike (no Node API): only the
 * parts that lead to it are inflated (package and workbook relationships, workbook, the sheet, then shared
 * strings), each through the limits of `Zip` and a streaming tokenizer, so a workbook is refused as soon as
 * it passes a limit and never held unpacked in memory.
 *
 * Cells are what Excel stores, not what it shows: text (shared, inline, a formula's text result) as is;
 * numbers as plain decimals without exponent ("912000001", "0.000001"), whatever their number format, so a
 * phone typed as a number has already lost its leading 0 in the file, and a date is its serial number;
 * booleans as TRUE/FALSE; errors as their code (#N/A). A formula counts as its cached value.
 */
export function readXlsx(bytes: Uint8Array, limits: Limits = LIMITS): Sheet {
  try {
    return read(bytes, limits);
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    // Out-of-range offsets, bad deflate data, invalid UTF-8: a damaged or foreign file.
    throw unreadable(error);
  }
}

function read(bytes: Uint8Array, limits: Limits): Sheet {
  const zip = new Zip(bytes, limits);
  const workbookPath = relationships(zip, "").find((rel) => rel.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
  if (!zip.has(workbookPath)) throw unreadable();
  const workbook = new WorkbookReader();
  parse(zip, workbookPath, workbook);
  if (!workbook.firstSheet) return { rows: [], numeric: [] };
  const parts = relationships(zip, workbookPath);
  const sheetPath = parts.find((rel) => rel.id === workbook.firstSheet)?.target;
  if (!sheetPath || !zip.has(sheetPath)) throw unreadable();
  const sheet = new WorksheetReader(limits);
  parse(zip, sheetPath, sheet);
  let shared = new Map<number, string>();
  if (sheet.sharedIndexes.size) {
    const sharedPath = parts.find((rel) => rel.type.endsWith("/sharedStrings"))?.target;
    if (!sharedPath || !zip.has(sharedPath)) throw unreadable();
    const strings = new SharedStringsReader(sheet.sharedIndexes);
    parse(zip, sharedPath, strings);
    shared = strings.strings;
  }
  const result: Sheet = { rows: [], numeric: [] };
  for (const cells of sheet.rows) {
    const texts: string[] = [];
    const numbers: boolean[] = [];
    for (const cell of cells) {
      texts[cell.column] = cellText(cell, shared);
      numbers[cell.column] = cell.kind === "n";
    }
    const row = Array.from(texts, (text) => text ?? "");
    if (!row.some((text) => text.trim())) continue;
    while (!row.at(-1)) row.pop();
    result.rows.push(row);
    result.numeric.push(Array.from(numbers.slice(0, row.length), (number) => number ?? false));
  }
  return result;
}

/**
 * Text is decoded and scanned 32 KB at a time: strings that small are short-lived young-generation garbage,
 * where larger ones would pile up in the large-object space until a full collection.
 */
const TEXT_STEP = 32 * 1024;

function parse(zip: Zip, path: string, handler: XmlHandler) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const scanner = new XmlScanner(handler);
  zip.read(path, (piece) => {
    for (let at = 0; at < piece.length; at += TEXT_STEP) scanner.push(decoder.decode(piece.subarray(at, at + TEXT_STEP), { stream: true }));
  });
  scanner.push(decoder.decode());
  scanner.end();
}

interface Relationship {
  id: string;
  type: string;
  /** The target part's name, resolved from the source part's folder. */
  target: string;
}

/** The relationships of a part ("" for the package itself), from `<folder>/_rels/<name>.rels`. */
function relationships(zip: Zip, part: string): Relationship[] {
  const folder = part.slice(0, part.lastIndexOf("/") + 1);
  const path = `${folder}_rels/${part.slice(folder.length)}.rels`;
  if (!zip.has(path)) return [];
  const found: Relationship[] = [];
  parse(zip, path, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.get("TargetMode") === "External") return;
      const target = attributes.get("Target");
      if (target) found.push({ id: attributes.get("Id") ?? "", type: attributes.get("Type") ?? "", target: resolvePart(folder, target) });
    },
    close() {},
    text() {},
  });
  return found;
}

function resolvePart(folder: string, target: string) {
  const segments: string[] = [];
  for (const segment of (target.startsWith("/") ? target : folder + target).split("/")) {
    if (segment === "..") segments.pop();
    else if (segment && segment !== ".") segments.push(segment);
  }
  return segments.join("/");
}

/** The relationship id of the first `<sheet>` in the workbook: the first tab, hidden or not. */
class WorkbookReader implements XmlHandler {
  firstSheet: string | undefined;

  open(name: string, attributes: Attributes) {
    if (name !== "sheet" || this.firstSheet !== undefined) return;
    // `r:id`, whatever prefix the file gives the relationships namespace.
    this.firstSheet = attributes.find(":id");
    if (!this.firstSheet) throw unreadable();
  }
  close() {}
  text() {}
}

type CellKind = "s" | "n" | "b" | "e" | "str" | "inlineStr" | "d";
const CELL_KINDS = new Set<string>(["s", "n", "b", "e", "str", "inlineStr", "d"]);

interface OpenCell {
  column: number;
  kind: CellKind;
  value: string;
  inline: string;
}

interface RawCell {
  column: number;
  kind: CellKind;
  /** `<v>`, or the inline string's text. */
  raw: string;
}

/** "BC12" → 54 (0-based); a cell without a reference follows the one before it. */
function columnOf(reference: string | undefined, next: number) {
  if (reference === undefined) return next;
  const letters = /^[A-Z]{1,3}(?=\d)/i.exec(reference)?.[0];
  if (!letters) throw unreadable();
  const column = [...letters.toUpperCase()].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  if (column > 16383) throw unreadable();
  return column;
}

/**
 * The cells of `<sheetData>`, checked against the row and column limits as they stream in. Shared strings
 * are kept as indexes, so that only the strings the sheet uses are read afterwards.
 */
class WorksheetReader implements XmlHandler {
  readonly rows: RawCell[][] = [];
  readonly sharedIndexes = new Set<number>();
  readonly #limits: Limits;
  #inSheetData = false;
  #row: RawCell[] | undefined;
  #nextColumn = 0;
  #cell: OpenCell | undefined;
  #reading: "value" | "inline" | undefined;
  #inInlineString = false;
  #phonetic = 0;

  constructor(limits: Limits) {
    this.#limits = limits;
  }

  open(name: string, attributes: Attributes) {
    if (name === "sheetData") this.#inSheetData = true;
    else if (name === "row" && this.#inSheetData) {
      this.#row = [];
      this.#nextColumn = 0;
    } else if (name === "c" && this.#row) {
      const kind = attributes.get("t") ?? "n";
      if (!CELL_KINDS.has(kind)) throw unreadable();
      const column = columnOf(attributes.get("r"), this.#nextColumn);
      this.#nextColumn = column + 1;
      this.#cell = { column, kind: kind as CellKind, value: "", inline: "" };
    } else if (!this.#cell) return;
    else if (name === "v") this.#reading = "value";
    else if (name === "is") this.#inInlineString = true;
    else if (name === "rPh") this.#phonetic++;
    // Text runs count, phonetic guides (rPh, furigana) do not: Excel does not show them in the cell.
    else if (name === "t" && this.#inInlineString && !this.#phonetic) this.#reading = "inline";
  }

  text(value: string) {
    if (this.#reading === "value") this.#cell!.value += value;
    else if (this.#reading === "inline") this.#cell!.inline += value;
  }

  close(name: string) {
    if (name === "v" || name === "t") this.#reading = undefined;
    else if (name === "is") this.#inInlineString = false;
    else if (name === "rPh" && this.#phonetic) this.#phonetic--;
    else if (name === "c" && this.#cell) this.#endCell(this.#cell);
    else if (name === "row" && this.#row) this.#endRow(this.#row);
    else if (name === "sheetData") this.#inSheetData = false;
  }

  #endCell(cell: OpenCell) {
    this.#cell = undefined;
    const raw = cell.kind === "inlineStr" ? cell.inline : cell.value;
    if (!raw) return;
    if (cell.column >= this.#limits.columns) throw new SpreadsheetError("import.too_many_columns", { limit: this.#limits.columns });
    if (cell.kind === "s") {
      if (!/^\d{1,9}$/.test(raw.trim())) throw unreadable();
      this.sharedIndexes.add(Number(raw));
    }
    this.#row!.push({ column: cell.column, kind: cell.kind, raw });
  }

  #endRow(row: RawCell[]) {
    this.#row = undefined;
    if (!row.length) return;
    if (this.rows.push(row) > this.#limits.rows) throw new SpreadsheetError("import.too_many_rows", { limit: this.#limits.rows });
  }
}

/** The shared strings the sheet uses, by index; the others are skipped as they stream past. */
class SharedStringsReader implements XmlHandler {
  readonly strings = new Map<number, string>();
  readonly #wanted: ReadonlySet<number>;
  #index = -1;
  #text = "";
  #inText = false;
  #phonetic = 0;

  constructor(wanted: ReadonlySet<number>) {
    this.#wanted = wanted;
  }

  open(name: string) {
    if (name === "si") {
      this.#index++;
      this.#text = "";
    } else if (name === "rPh") this.#phonetic++;
    else if (name === "t" && !this.#phonetic) this.#inText = this.#wanted.has(this.#index);
  }

  text(value: string) {
    if (this.#inText) this.#text += value;
  }

  close(name: string) {
    if (name === "t") this.#inText = false;
    else if (name === "rPh") this.#phonetic--;
    else if (name === "si" && this.#wanted.has(this.#index)) this.strings.set(this.#index, unescapeText(this.#text));
  }
}

/** OOXML writes characters XML cannot carry as `_xHHHH_` (a carriage return is `_x000D_`, "_" itself `_x005F_`). */
function unescapeText(text: string) {
  return text.includes("_x") ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function cellText(cell: RawCell, shared: ReadonlyMap<number, string>) {
  switch (cell.kind) {
    case "s": {
      const text = shared.get(Number(cell.raw));
      if (text === undefined) throw unreadable();
      return text;
    }
    case "n":
      return plainDecimal(cell.raw);
    case "b":
      return cell.raw.trim() === "1" ? "TRUE" : "FALSE";
    default:
      return unescapeText(cell.raw);
  }
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * A stored number as plain decimal digits: "912000001" stays as written; "9.12E+8" (which some writers use)
 * becomes "912000000". Done on the digits, so no float rounding creeps in.
 */
export function plainDecimal(raw: string) {
  const value = raw.trim();
  const match = NUMBER.exec(value);
  if (!match || !(match[2] || match[3])) throw unreadable();
  const [, sign, whole = "", fraction = "", exponent] = match;
  if (exponent === undefined) return value;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let integer = point <= 0 ? "0" : digits.slice(0, point).padEnd(point, "0");
  let decimals = point <= 0 ? "0".repeat(-point) + digits : digits.slice(point);
  integer = integer.replace(/^0+(?=\d)/, "");
  decimals = decimals.replace(/0+$/, "");
  const text = decimals ? `${integer}.${decimals}` : integer;
  return sign === "-" && /[1-9]/.test(text) ? `-${text}` : text;
}
