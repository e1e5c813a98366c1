import { describe, expect, it } from "vitest";
import { SpreadsheetError } from "./error";
import { MAX_TOKEN, XmlScanner } from "./xml";

/** Every event the scanner hands on, pushing `pieces` one after another. */
function events(...pieces: string[]) {
  const seen: string[] = [];
  const scanner = new XmlScanner({
    open: (name, attributes) =>
      seen.push(`<${name}${["r", "t", "Target", "x:id"].map((a) => (attributes.get(a) === undefined ? "" : ` ${a}=${attributes.get(a)}`)).join("")}>`),
    close: (name) => seen.push(`</${name}>`),
    text: (value) => seen.push(value),
  });
  for (const piece of pieces) scanner.push(piece);
  scanner.end();
  return seen;
}

function code(read: () => unknown) {
  try {
    read();
  } catch (error) {
    if (error instanceof SpreadsheetError) return error.code;
    throw error;
  }
  return "read";
}

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <tags> -->
<x:sheet xmlns:x="urn:x" x:id='rId1'>
  <row r="1"><c r="A1" t="inlineStr"><is><t>Lò &amp; Thị &lt;Hương&gt; &#7890;&#x1EE8;</t></is></c></row>
  <row r="2"><c Target="a>b" r='B2'><v><![CDATA[<not a tag> & co]]></v></c><c/></row>
</x:sheet>`;

describe("XmlScanner", () => {
  it("hands on tags, attributes and decoded text, the same however the text is cut", () => {
    const whole = events(DOCUMENT);
    expect(whole.filter((event) => event.trim())).toEqual([
      "<sheet x:id=rId1>",
      "<row r=1>",
      "<c r=A1 t=inlineStr>",
      "<is>",
      "<t>",
      "Lò & Thị <Hương> ỒỨ",
      "</t>",
      "</is>",
      "</c>",
      "</row>",
      "<row r=2>",
      "<c r=B2 Target=a>b>",
      "<v>",
      "<not a tag> & co",
      "</v>",
      "</c>",
      "<c>",
      "</c>",
      "</row>",
      "</sheet>",
    ]);
    expect(events(...DOCUMENT)).toEqual(whole);
    expect(events(DOCUMENT.slice(0, 200), DOCUMENT.slice(200))).toEqual(whole);
  });

  it.each([
    ["a DOCTYPE", `<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`],
    ["tags that do not match", "<a><b></a></b>"],
    ["an unclosed element", "<a><b></b>"],
    ["a second root", "<a/><b/>"],
    ["text outside the root", "<a/>text"],
    ["no element at all", "   "],
    ["a malformed attribute", `<a r=1/>`],
    ["an unterminated comment", "<a/><!-- no end"],
    ["nesting deeper than a workbook's", `${"<a>".repeat(65)}${"</a>".repeat(65)}`],
  ])("refuses %s as unreadable", (_, xml) => {
    expect(code(() => events(xml))).toBe("import.unreadable");
  });

  it("refuses a run of text or a tag longer than any a workbook has, before it is complete", () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} });
    scanner.push("<a>");
    expect(code(() => scanner.push("0".repeat(MAX_TOKEN + 1)))).toBe("import.too_large");
    expect(code(() => new XmlScanner({ open() {}, close() {}, text() {} }).push(`<a b="${"x".repeat(MAX_TOKEN)}`))).toBe("import.too_large");
  });
});
