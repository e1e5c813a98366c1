import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { VisibleError } from "../error";
import { SVG_LIMITS, assertSafe, findProblem } from "./svg";

const encode = (text: string) => new TextEncoder().encode(text);
const problemIn = (text: string) => findProblem(encode(text));
const svg = (body: string, attributes = "") => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${body}</svg>`;

const COURSES = resolve(fileURLToPath(import.meta.url), "../../../../../content/courses");
const courseSvgs = readdirSync(COURSES).flatMap((course) =>
  readdirSync(join(COURSES, course, "media"))
    .filter((file) => file.endsWith(".svg"))
    .map((file) => join(course, "media", file)),
);

describe("SVG safety", () => {
  it("accepts every SVG of the seeded courses as it is", () => {
    expect(courseSvgs.length).toBeGreaterThan(40);
    for (const file of courseSvgs) expect([file, findProblem(readFileSync(join(COURSES, file)))]).toEqual([file, undefined]);
  });

  it("accepts static SVG with gradients, filters, fragment references, embedded PNG, safe styles and animation", () => {
    const benign = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by hand -->
${svg(
  `<title>Ảnh &amp; chú thích</title>
  <defs>
    <linearGradient id="g" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#00796B"/><stop offset="1" stop-color="#fff"/></linearGradient>
    <filter id="f"><feGaussianBlur stdDeviation="2"/></filter>
    <symbol id="s" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></symbol>
    <style><![CDATA[ .a { fill: url(#g); font-family: "Noto Sans"; } ]]></style>
  </defs>
  <rect class="a" width="100" height="50" style="fill: url( '#g' ); stroke: #000" filter="url(#f)" aria-label="nền" data-name="Lớp 1"/>
  <use href="#s" x="10"/><use xlink:href="#s" x="20"/>
  <a href="#s"><text xml:space="preserve" x="1" y="9">Nhấn &#x1F44D;</text></a>
  <image width="1" height="1" href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="/>
  <circle r="3"><animate attributeName="r" values="3;6;3" dur="2s" repeatCount="indefinite"/><set attributeName="fill" to="red" begin="1s"/></circle>
  <text x="0" y="40"><![CDATA[<script>alert(1)</script> is only text here]]></text>`,
  ' viewBox="0 0 100 50" role="img"',
)}`;
    expect(problemIn(benign)).toBeUndefined();
  });

  it("accepts what design tools export as plain SVG", () => {
    const illustrator = `<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px"
\t viewBox="0 0 24 24" style="enable-background:new 0 0 24 24;" xml:space="preserve">
<style type="text/css">
\t.st0{fill:#00796B;}
</style>
<path class="st0" d="M12,2C6.5,2,2,6.5,2,12s4.5,10,10,10s10-4.5,10-10S17.5,2,12,2z"/>
</svg>`;
    const figma = `<svg width="24" height="24" viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg">
<g clip-path="url(#clip0_1_2)" filter="url(#filter0_d_1_2)"><rect width="24" height="24" rx="4" fill="#00796B"/></g>
<defs>
<filter id="filter0_d_1_2" x="0" y="0" width="28" height="28" filterUnits="userSpaceOnUse" color-interpolation-filters="sRGB">
<feFlood flood-opacity="0" result="BackgroundImageFix"/>
<feColorMatrix in="SourceAlpha" type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0" result="hardAlpha"/>
<feOffset dy="2"/><feGaussianBlur stdDeviation="1"/>
<feBlend mode="normal" in2="BackgroundImageFix" result="effect1_dropShadow_1_2"/>
</filter>
<clipPath id="clip0_1_2"><rect width="24" height="24" fill="white"/></clipPath>
</defs>
</svg>`;
    expect(problemIn(illustrator)).toBeUndefined();
    expect(problemIn(figma)).toBeUndefined();
  });

  it("refuses editor data in other namespaces, so trainers export plain SVG", () => {
    const inkscape = svg('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" id="v"/>');
    expect(problemIn(inkscape)).toEqual({ code: "svg.element", params: { name: "sodipodi:namedview", line: 1 } });
  });

  it.each([
    [
      "a namespace-prefixed script",
      '<svg xmlns="http://www.w3.org/2000/svg"><s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></svg>',
      "svg.element",
      "s:script",
    ],
    ["an entity-encoded javascript: link", svg('<a href="&#106;avascript:alert(1)"><rect width="9" height="9"/></a>'), "svg.link", "href"],
    ["an onload handler on the root", svg("", ' onload="alert(1)"'), "svg.attribute", "onload"],
    ["an upper-case SCRIPT", svg("<SCRIPT>alert(1)</SCRIPT>"), "svg.element", "SCRIPT"],
    ["a script inside a group", svg("<g><g><script>alert(1)</script></g></g>"), "svg.element", "script"],
    ["a CDATA script", svg("<script><![CDATA[alert(document.cookie)]]></script>"), "svg.element", "script"],
    ["a javascript: link", svg('<a href="javascript:alert(1)"><text>x</text></a>'), "svg.link", "href"],
    ["a javascript: xlink split by an encoded tab", svg('<a xlink:href="java&#x09;script:alert(1)"><text>x</text></a>'), "svg.link", "xlink:href"],
    [
      "a link through a rebound xlink prefix",
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><a l:href=" javascript:alert(1)"/></svg>',
      "svg.link",
      "l:href",
    ],
    ["an external use", svg('<use href="https://evil/x.svg#a"/>'), "svg.link", "href"],
    ["a foreignObject", svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), "svg.element", "foreignObject"],
    ["an XHTML element", svg('<g><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil"/></g>'), "svg.element", "iframe"],
    ["a style sheet importing a URL", svg("<style>@import url(https://evil/x.css);</style>"), "svg.css", "style"],
    ["a style sheet with an escaped url()", svg("<style>rect { fill: u\\72l(https://evil/t) }</style>"), "svg.css", "style"],
    ["a style attribute loading a URL", svg('<rect style="fill:url(&quot;https://tracker/p&quot;)"/>'), "svg.css", "style"],
    ["a presentation attribute loading a URL", svg('<rect fill="URL(https://tracker/p#x)"/>'), "svg.css", "fill"],
    ["an expression()", svg('<rect style="width: expression(alert(1))"/>'), "svg.css", "style"],
    ["an external image", svg('<image href="https://tracker/pixel.png" width="1" height="1"/>'), "svg.link", "href"],
    ["an embedded SVG image", svg('<image href="data:image/svg+xml;base64,PHN2Zz4=" width="1" height="1"/>'), "svg.link", "href"],
    ["an animation of href", svg('<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'), "svg.animation", "href"],
    ["an animation of xlink:href", svg('<a xlink:href="#x"><set attributeName="xlink:href" to="#y"/></a>'), "svg.animation", "xlink:href"],
    ["an animation of an event handler", svg('<rect><set attributeName="onmouseover" to="alert(1)"/></rect>'), "svg.animation", "onmouseover"],
    ["an animation to an external paint", svg('<rect><set attributeName="fill" to="url(https://tracker/p#x)"/></rect>'), "svg.css", "to"],
    [
      "a DOCTYPE with entities",
      '<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
      "svg.doctype",
      undefined,
    ],
    [
      "an external entity",
      '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>',
      "svg.doctype",
      undefined,
    ],
    [
      "an XSLT stylesheet instruction",
      '<?xml-stylesheet type="text/xsl" href="https://evil/x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      "svg.processing_instruction",
      "xml-stylesheet",
    ],
    [
      "an unbound prefix",
      '<svg xmlns="http://www.w3.org/2000/svg"><x:script>alert(1)</x:script></svg>',
      "svg.malformed",
      expect.stringContaining("unbound namespace prefix"),
    ],
    ["an attribute in an unknown namespace", svg('<rect xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="click"/>'), "svg.attribute", "ev:event"],
    ["xml:base", svg('<g xml:base="https://evil/"/>'), "svg.attribute", "xml:base"],
    ["an HTML entity (not XML)", svg("<text>&nbsp;</text>"), "svg.malformed", expect.stringContaining("undefined entity")],
    ["a root that is not SVG", "<svg><script>alert(1)</script></svg>", "svg.root", "svg"],
    ["a non-UTF-8 encoding declaration", `<?xml version="1.0" encoding="UTF-7"?>${svg("")}`, "svg.encoding", "UTF-7"],
    ["unclosed markup", '<svg xmlns="http://www.w3.org/2000/svg"><g>', "svg.malformed", expect.any(String)],
  ])("refuses %s", (_name, text, code, name) => {
    expect(problemIn(text)).toEqual({ code, params: { ...(name === undefined ? {} : { name }), line: expect.any(Number) } });
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(findProblem(Uint8Array.from([...encode('<svg xmlns="http://www.w3.org/2000/svg"><text>'), 0xff, 0xfe, ...encode("</text></svg>")]))?.code).toBe(
      "svg.encoding",
    );
  });

  it("refuses files over the element count and nesting depth", () => {
    expect(problemIn(svg("<g/>".repeat(SVG_LIMITS.elements)))?.code).toBe("svg.too_many_elements");
    expect(problemIn(svg("<g>".repeat(SVG_LIMITS.depth) + "</g>".repeat(SVG_LIMITS.depth)))?.code).toBe("svg.too_deep");
    expect(problemIn(svg("<g>".repeat(SVG_LIMITS.depth - 1) + "</g>".repeat(SVG_LIMITS.depth - 1)))).toBeUndefined();
  });

  it("says what was found and where, as a 400 with the problem as details", () => {
    const thrown = (() => {
      try {
        assertSafe(encode('<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n<s:script xmlns:s="http://www.w3.org/2000/svg"/></svg>'));
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(VisibleError);
    expect(thrown).toMatchObject({ kind: "input", code: "media.unsafe_svg", details: { code: "svg.element", params: { name: "s:script", line: 3 } } });
    expect((thrown as Error).message).toContain("s:script, line 3");
    expect(() => assertSafe(readFileSync(join(COURSES, courseSvgs[0]!)))).not.toThrow();
  });
});
