import { tooLarge, unreadable } from "./error";

/** The attributes of the start tag being handled; read them during `open`, they are gone after it. */
export interface Attributes {
  get(name: string): string | undefined;
  /** The first attribute whose name ends with `suffix` (":id" finds `r:id` whatever the prefix). */
  find(suffix: string): string | undefined;
}

export interface XmlHandler {
  /** A start tag (a self-closing tag is an `open` followed by a `close`). Names are local: `x:row` is `row`. */
  open(name: string, attributes: Attributes): void;
  close(name: string): void;
  /** Character data inside the root element, entities decoded; CDATA comes through as is. */
  text(value: string): void;
}

/**
 * No tag or run of text in a workbook part comes near this (Excel stops a cell at 32,767 characters): text
 * without markup, such as a part full of zeros, is refused once this much of it is pending.
 */
export const MAX_TOKEN = 1024 * 1024;
/** SpreadsheetML nests a handful of levels; deep nesting only serves to grow the stack. */
const MAX_DEPTH = 64;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function decodeEntities(value: string) {
  if (!value.includes("&")) return value;
  return value.replace(ENTITY, (whole, entity: string) => {
    if (entity[0] !== "#") return NAMED[entity]!;
    const codePoint = entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** One start tag's attributes, parsed only if a handler asks (most tags' are never read). */
class TagAttributes implements Attributes {
  #source = "";
  #from = 0;
  #to = 0;
  #parsed: Map<string, string> | undefined;

  reset(source: string, from: number, to: number) {
    this.#source = source;
    this.#from = from;
    this.#to = to;
    this.#parsed = undefined;
  }

  get(name: string) {
    return this.#all().get(name);
  }

  find(suffix: string) {
    for (const [name, value] of this.#all()) if (name.endsWith(suffix)) return value;
    return undefined;
  }

  #all() {
    if (this.#parsed) return this.#parsed;
    const parsed = new Map<string, string>();
    let at = this.#from;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const match = ATTRIBUTE.exec(this.#source);
      if (!match || ATTRIBUTE.lastIndex > this.#to) break;
      parsed.set(match[1]!, decodeEntities(match[2] ?? match[3] ?? ""));
      at = ATTRIBUTE.lastIndex;
    }
    if (this.#source.slice(at, this.#to).trim()) throw unreadable();
    this.#parsed = parsed;
    return parsed;
  }
}

/**
 * A streaming XML tokenizer for the few workbook parts the reader needs: text is pushed as it is inflated and
 * handed on tag by tag, so nothing waits for a whole part. It checks what a reader can be fooled by (tags
 * that do not match, a second root, unterminated markup, runaway depth or tokens) and refuses DOCTYPE, so no
 * entity is ever expanded beyond the five predefined ones and character references.
 */
export class XmlScanner {
  readonly #handler: XmlHandler;
  readonly #open: string[] = [];
  readonly #attributes = new TagAttributes();
  #pending = "";
  #sawRoot = false;

  constructor(handler: XmlHandler) {
    this.#handler = handler;
  }

  push(text: string) {
    this.#pending += text;
    this.#drain();
    if (this.#pending.length > MAX_TOKEN) throw tooLarge(MAX_TOKEN, "characters");
  }

  end() {
    this.#drain();
    if (this.#pending.trim() || this.#open.length || !this.#sawRoot) throw unreadable();
  }

  #drain() {
    const buffer = this.#pending;
    let at = 0;
    for (;;) {
      const lt = buffer.indexOf("<", at);
      if (lt < 0) break;
      if (lt > at) this.#text(buffer.slice(at, lt));
      at = lt;
      const next = this.#markup(buffer, lt);
      if (next < 0) break;
      at = next;
    }
    this.#pending = at ? buffer.slice(at) : buffer;
  }

  #text(raw: string) {
    if (this.#open.length) this.#handler.text(decodeEntities(raw));
    else if (raw.trim()) throw unreadable();
  }

  /** Handles the markup that starts at `lt`; returns where it ends, or -1 when it has not all arrived yet. */
  #markup(buffer: string, lt: number): number {
    if (lt + 1 >= buffer.length) return -1;
    const kind = buffer.charCodeAt(lt + 1);
    if (kind === 0x3f /* ? */) return this.#skipTo(buffer, "?>", lt + 2);
    if (kind === 0x21 /* ! */) {
      if (buffer.startsWith("<!--", lt)) return this.#skipTo(buffer, "-->", lt + 4);
      if (buffer.startsWith("<![CDATA[", lt)) {
        const end = buffer.indexOf("]]>", lt + 9);
        if (end < 0) return -1;
        if (!this.#open.length) throw unreadable();
        this.#handler.text(buffer.slice(lt + 9, end));
        return end + 3;
      }
      const start = buffer.slice(lt, lt + 9);
      if ("<!--".startsWith(start) || "<![CDATA[".startsWith(start)) return -1;
      throw unreadable();
    }
    if (kind === 0x2f /* / */) return this.#endTag(buffer, lt);
    return this.#startTag(buffer, lt);
  }

  #skipTo(buffer: string, terminator: string, from: number) {
    const end = buffer.indexOf(terminator, from);
    return end < 0 ? -1 : end + terminator.length;
  }

  #endTag(buffer: string, lt: number) {
    const end = buffer.indexOf(">", lt + 2);
    if (end < 0) return -1;
    const name = this.#open.pop();
    if (name === undefined || !buffer.startsWith(name, lt + 2)) throw unreadable();
    for (let at = lt + 2 + name.length; at < end; at++) if (!isSpace(buffer.charCodeAt(at))) throw unreadable();
    this.#handler.close(localName(name));
    return end + 1;
  }

  #startTag(buffer: string, lt: number): number {
    // The tag ends at the first ">" outside quotes (">" may appear inside an attribute value).
    let end = lt + 1;
    for (let quote = 0; end < buffer.length; end++) {
      const code = buffer.charCodeAt(end);
      if (quote) {
        if (code === quote) quote = 0;
      } else if (code === 0x22 || code === 0x27) quote = code;
      else if (code === 0x3e) break;
    }
    if (end >= buffer.length) return -1;
    const selfClosing = buffer.charCodeAt(end - 1) === 0x2f;
    const tagEnd = selfClosing ? end - 1 : end;
    let nameEnd = lt + 1;
    while (nameEnd < tagEnd && !isSpace(buffer.charCodeAt(nameEnd))) nameEnd++;
    const name = buffer.slice(lt + 1, nameEnd);
    if (!name || /["'=<]/.test(name)) throw unreadable();
    if (!this.#open.length) {
      if (this.#sawRoot) throw unreadable();
      this.#sawRoot = true;
    }
    const local = localName(name);
    this.#attributes.reset(buffer, nameEnd, tagEnd);
    this.#handler.open(local, this.#attributes);
    if (selfClosing) this.#handler.close(local);
    else if (this.#open.push(name) > MAX_DEPTH) throw unreadable();
    return end + 1;
  }
}
