import { Inflate } from "fflate";
import { tooLarge, unreadable } from "./error";

export interface ZipLimits {
  /** Bytes one entry may inflate to. */
  entryBytes: number;
  /** Bytes all the entries read from one file may inflate to, together. */
  totalBytes: number;
  /** Entries the central directory may list. */
  entries: number;
}

interface Entry {
  flags: number;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032:1, so one step produces at
 * most ~1 MB: a limit is noticed within 1 MB of being passed, and no larger buffer is ever allocated.
 */
const INFLATE_STEP = 1024;
const STORED_STEP = 64 * 1024;

/**
 * A zip read from its central directory. Entries are inflated one at a time, only when asked for. The sizes
 * the directory declares are checked against the limits before anything is inflated, and inflating, in small
 * steps, stops the moment an entry produces more than it declared: a header that lies is as unreadable as a
 * damaged file, so no entry ever inflates past the limits. Encrypted entries, methods other than stored and
 * deflate, and split archives are refused as unreadable.
 */
export class Zip {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #limits: ZipLimits;
  readonly #entries = new Map<string, Entry>();
  #inflated = 0;

  constructor(bytes: Uint8Array, limits: ZipLimits) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#limits = limits;
    this.#readCentralDirectory();
  }

  /** Entry names ignore case, as OOXML part names do. */
  has(name: string) {
    return this.#entries.has(name.toLowerCase());
  }

  /** Inflates one entry, handing each piece to `sink` as it comes out. */
  read(name: string, sink: (piece: Uint8Array) => void) {
    const entry = this.#entries.get(name.toLowerCase());
    if (!entry) throw unreadable();
    if (entry.flags & ENCRYPTED) throw unreadable();
    if (entry.declaredSize > this.#limits.entryBytes) throw tooLarge(this.#limits.entryBytes, "bytes");
    if (this.#inflated + entry.declaredSize > this.#limits.totalBytes) throw tooLarge(this.#limits.totalBytes, "bytes");
    const view = this.#view;
    if (view.getUint32(entry.localOffset, true) !== LOCAL_FILE_HEADER) throw unreadable();
    const start = entry.localOffset + 30 + view.getUint16(entry.localOffset + 26, true) + view.getUint16(entry.localOffset + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.#bytes.length) throw unreadable();
    const data = this.#bytes.subarray(start, end);
    let inflated = 0;
    const count = (piece: Uint8Array) => {
      inflated += piece.length;
      this.#inflated += piece.length;
      // The limits were checked against the declared size: more than that and the header lies.
      if (inflated > entry.declaredSize) throw unreadable();
      if (piece.length) sink(piece);
    };
    if (entry.method === STORED) {
      for (let at = 0; at < data.length; at += STORED_STEP) count(data.subarray(at, at + STORED_STEP));
    } else if (entry.method === DEFLATED && data.length) {
      const inflater = new Inflate(count);
      for (let at = 0; at < data.length; at += INFLATE_STEP) inflater.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length);
    } else throw unreadable();
    if (inflated !== entry.declaredSize) throw unreadable();
  }

  #readCentralDirectory() {
    const view = this.#view;
    const length = this.#bytes.length;
    let end = -1;
    for (let at = length - 22; at >= Math.max(0, length - 22 - 0xffff); at--) {
      if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) throw unreadable();
    const disk = view.getUint16(end + 4, true);
    const directoryDisk = view.getUint16(end + 6, true);
    const count = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    if (disk !== 0 || directoryDisk !== 0) throw unreadable();
    // 0xffff (zip64) is past any limit worth allowing, so the zip64 end record is never needed.
    if (count > this.#limits.entries) throw tooLarge(this.#limits.entries, "entries");
    const names = new TextDecoder("utf-8", { fatal: true });
    for (let i = 0; i < count; i++) {
      if (view.getUint32(at, true) !== CENTRAL_FILE_HEADER) throw unreadable();
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const entry: Entry = {
        flags: view.getUint16(at + 8, true),
        method: view.getUint16(at + 10, true),
        compressedSize: view.getUint32(at + 20, true),
        declaredSize: view.getUint32(at + 24, true),
        localOffset: view.getUint32(at + 42, true),
      };
      const nameStart = at + 46;
      if (nameStart + nameLength + extraLength > length) throw unreadable();
      this.#readZip64Sizes(entry, nameStart + nameLength, extraLength);
      const name = names.decode(this.#bytes.subarray(nameStart, nameStart + nameLength)).toLowerCase();
      // Two entries with one name could be read differently by different readers: refuse the ambiguity.
      if (this.#entries.has(name)) throw unreadable();
      this.#entries.set(name, entry);
      at = nameStart + nameLength + extraLength + commentLength;
    }
  }

  /** Sizes or offsets of 0xffffffff are in the zip64 extra field, in this order, each 8 bytes. */
  #readZip64Sizes(entry: Entry, extraStart: number, extraLength: number) {
    const fields = (["declaredSize", "compressedSize", "localOffset"] as const).filter((field) => entry[field] === 0xffffffff);
    if (!fields.length) return;
    const view = this.#view;
    for (let at = extraStart; at + 4 <= extraStart + extraLength; ) {
      const id = view.getUint16(at, true);
      const size = view.getUint16(at + 2, true);
      if (id === ZIP64_EXTRA) {
        if (size < fields.length * 8) throw unreadable();
        fields.forEach((field, i) => {
          entry[field] = view.getUint32(at + 4 + i * 8, true) + view.getUint32(at + 8 + i * 8, true) * 2 ** 32;
        });
        return;
      }
      at += 4 + size;
    }
    throw unreadable();
  }
}
