/**
 * Decides whether an uploaded SVG is safe to store as course media, by parsing it as XML and walking a strict
 * allow-list. Unsafe files are REFUSED, never rewritten: the trainer is told what was found and where, and the
 * bytes that are stored (and hashed) are exactly the ones that were uploaded, so there is no serializer whose
 * output could differ from what was checked.
 *
 * Why a namespace-aware XML parser (saxes) and not DOMPurify: the browser parses a file served as
 * image/svg+xml with its XML parser, so the check must see the document the same way. saxes is a conforming,
 * namespace-aware XML 1.0 parser (it is what jsdom parses XML with, and passes the W3C conformance suite): it
 * refuses anything not well-formed, resolves every prefix to its namespace (`<s:script xmlns:s="…svg">` is
 * an SVG `script`; an unbound prefix is an error), and decodes character references in attribute values
 * before we look at them (`&#106;avascript:` is `javascript:`). DOMPurify needs a DOM on the server:
 * jsdom bundled by esbuild is a 6 MB chunk that then fails at run time (it reads its default style sheet from
 * beside its own source); it parses as HTML unless told otherwise; and it strips silently instead of saying
 * what was wrong. saxes with its one dependency is a 30 KB chunk, imported only when an SVG arrives, so it
 * stays out of the Lambda cold start.
 *
 * What is refused: DOCTYPE (and so every ENTITY: no XXE, no billion laughs), processing instructions (an
 * `xml-stylesheet` would run XSLT), encodings other than UTF-8, any element or attribute outside the
 * allow-lists below or outside the SVG, XLink and XML namespaces, links other than `#fragment` references
 * (and `data:` PNG/JPEG/WebP for images), `url()` to anything but a fragment, CSS that can load or run
 * something (`@import`, escapes, `expression()`, `image-set()`…), animations of links or event handlers, and
 * files over the element count or nesting depth below.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { VisibleError } from "../error";

export const SVG_LIMITS = { elements: 20_000, depth: 64 } as const;

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** Static SVG: shapes, text, paint servers, filters and SMIL animation. No script, foreignObject, cursor or fonts. */
const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "desc",
  "title",
  "metadata",
  "symbol",
  "use",
  "switch",
  "a",
  "view",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "linearGradient",
  "radialGradient",
  "stop",
  "pattern",
  "clipPath",
  "mask",
  "marker",
  "image",
  "style",
  "filter",
  "feBlend",
  "feColorMatrix",
  "feComponentTransfer",
  "feComposite",
  "feConvolveMatrix",
  "feDiffuseLighting",
  "feDisplacementMap",
  "feDistantLight",
  "feDropShadow",
  "feFlood",
  "feFuncA",
  "feFuncB",
  "feFuncG",
  "feFuncR",
  "feGaussianBlur",
  "feImage",
  "feMerge",
  "feMergeNode",
  "feMorphology",
  "feOffset",
  "fePointLight",
  "feSpecularLighting",
  "feSpotLight",
  "feTile",
  "feTurbulence",
  "animate",
  "animateMotion",
  "animateTransform",
  "set",
  "mpath",
]);

const ANIMATIONS = new Set(["animate", "animateMotion", "animateTransform", "set"]);

/** Attributes without a namespace. Event handlers (`on…`) are absent, so they are refused like any unknown name. */
const ATTRIBUTES = new Set([
  // core and accessibility
  "id",
  "class",
  "style",
  "lang",
  "tabindex",
  "role",
  "focusable",
  "transform",
  "transform-origin",
  "version",
  "baseProfile",
  // geometry
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "fx",
  "fy",
  "fr",
  "width",
  "height",
  "d",
  "points",
  "pathLength",
  "dx",
  "dy",
  "rotate",
  "textLength",
  "lengthAdjust",
  "viewBox",
  "preserveAspectRatio",
  "zoomAndPan",
  "refX",
  "refY",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "orient",
  "patternUnits",
  "patternContentUnits",
  "patternTransform",
  "gradientUnits",
  "gradientTransform",
  "spreadMethod",
  "offset",
  "clipPathUnits",
  "maskUnits",
  "maskContentUnits",
  "startOffset",
  "method",
  "spacing",
  "side",
  "path",
  "href",
  "systemLanguage",
  // presentation
  "alignment-baseline",
  "baseline-shift",
  "clip",
  "clip-path",
  "clip-rule",
  "color",
  "color-interpolation",
  "color-interpolation-filters",
  "color-rendering",
  "direction",
  "enable-background",
  "display",
  "dominant-baseline",
  "fill",
  "fill-opacity",
  "fill-rule",
  "filter",
  "flood-color",
  "flood-opacity",
  "font-family",
  "font-size",
  "font-size-adjust",
  "font-stretch",
  "font-style",
  "font-variant",
  "font-weight",
  "image-rendering",
  "isolation",
  "letter-spacing",
  "lighting-color",
  "marker-start",
  "marker-mid",
  "marker-end",
  "mask",
  "mask-type",
  "mix-blend-mode",
  "opacity",
  "overflow",
  "paint-order",
  "pointer-events",
  "shape-rendering",
  "stop-color",
  "stop-opacity",
  "stroke",
  "stroke-dasharray",
  "stroke-dashoffset",
  "stroke-linecap",
  "stroke-linejoin",
  "stroke-miterlimit",
  "stroke-opacity",
  "stroke-width",
  "text-anchor",
  "text-decoration",
  "text-rendering",
  "unicode-bidi",
  "vector-effect",
  "visibility",
  "word-spacing",
  "writing-mode",
  // filters
  "in",
  "in2",
  "result",
  "filterUnits",
  "primitiveUnits",
  "stdDeviation",
  "edgeMode",
  "mode",
  "operator",
  "k1",
  "k2",
  "k3",
  "k4",
  "type",
  "values",
  "tableValues",
  "slope",
  "intercept",
  "amplitude",
  "exponent",
  "order",
  "kernelMatrix",
  "divisor",
  "bias",
  "targetX",
  "targetY",
  "kernelUnitLength",
  "preserveAlpha",
  "surfaceScale",
  "diffuseConstant",
  "specularConstant",
  "specularExponent",
  "scale",
  "xChannelSelector",
  "yChannelSelector",
  "radius",
  "baseFrequency",
  "numOctaves",
  "seed",
  "stitchTiles",
  "azimuth",
  "elevation",
  "pointsAtX",
  "pointsAtY",
  "pointsAtZ",
  "limitingConeAngle",
  "z",
  // animation
  "attributeName",
  "attributeType",
  "begin",
  "dur",
  "end",
  "min",
  "max",
  "restart",
  "repeatCount",
  "repeatDur",
  "calcMode",
  "keyTimes",
  "keySplines",
  "keyPoints",
  "from",
  "to",
  "by",
  "additive",
  "accumulate",
  "origin",
  // <style>
  "media",
  "title",
]);
const XLINK_ATTRIBUTES = new Set(["href", "title"]);
const XML_ATTRIBUTES = new Set(["space", "lang"]);
/** Inert annotations design tools and authors add. */
const FREE_TEXT_ATTRIBUTE = /^(aria|data)-[a-z0-9-]+$/;

/** Elements whose `href` may embed a picture; everywhere else only a reference within the file is allowed. */
const EMBEDS_IMAGE = new Set(["image", "feImage"]);
const EMBEDDED_IMAGE = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=\s]*$/;
const FRAGMENT = /^#\S*$/;

/**
 * CSS that can load, run or hide something: escapes (`u\72l(` is `url(` to a CSS parser), imports, legacy
 * script hooks, and functions that take a URL as a plain string. `url()` itself is checked separately.
 */
const UNSAFE_CSS = /\\|@import|expression\s*\(|-moz-binding|behaviou?r\s*:|javascript:|vbscript:|image-set\s*\(|(?<![\w-])(image|src|attr)\s*\(/i;
const URL_FUNCTION = /url\s*\(\s*(['"]?)/gi;

export type SvgProblemCode =
  | "svg.malformed"
  | "svg.encoding"
  | "svg.doctype"
  | "svg.processing_instruction"
  | "svg.root"
  | "svg.element"
  | "svg.attribute"
  | "svg.link"
  | "svg.css"
  | "svg.animation"
  | "svg.too_many_elements"
  | "svg.too_deep";

export interface SvgProblem {
  code: SvgProblemCode;
  params: { name?: string; line: number };
}

class Refused extends Error {
  constructor(readonly problem: SvgProblem) {
    super(problem.code);
  }
}

/** The first thing that makes this SVG unsafe to serve, or undefined when it is safe as it is. */
export function findProblem(bytes: Uint8Array): SvgProblem | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { code: "svg.encoding", params: { line: 1 } };
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const refuse = (code: SvgProblemCode, name?: string): never => {
    throw new Refused({ code, params: { ...(name === undefined ? {} : { name }), line: parser.line } });
  };
  let elements = 0;
  let depth = 0;
  let css: string | undefined;

  parser.on("xmldecl", (decl) => {
    if (decl.version !== "1.0") refuse("svg.malformed", `version ${decl.version}`);
    if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) refuse("svg.encoding", decl.encoding);
  });
  parser.on("doctype", () => refuse("svg.doctype"));
  parser.on("processinginstruction", (pi) => refuse("svg.processing_instruction", pi.target));
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (++elements > SVG_LIMITS.elements) refuse("svg.too_many_elements");
    if (depth >= SVG_LIMITS.depth) refuse("svg.too_deep");
    if (depth === 0 && (tag.uri !== SVG_NS || tag.local !== "svg")) refuse("svg.root", tag.name);
    if (tag.uri !== SVG_NS || !ELEMENTS.has(tag.local)) refuse("svg.element", tag.name);
    if (css !== undefined) refuse("svg.element", tag.name);
    for (const attribute of Object.values(tag.attributes)) checkAttribute(tag, attribute.uri, attribute.local, attribute.name, attribute.value, refuse);
    depth++;
    if (tag.local === "style") css = "";
  });
  const collectCss = (chunk: string) => {
    if (css !== undefined) css += chunk;
  };
  parser.on("text", collectCss);
  parser.on("cdata", collectCss);
  parser.on("closetag", (tag) => {
    depth--;
    if (tag.local === "style" && css !== undefined) {
      if (!safeCss(css)) refuse("svg.css", "style");
      css = undefined;
    }
  });

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof Refused) return err.problem;
    return { code: "svg.malformed", params: { name: err instanceof Error ? err.message : String(err), line: parser.line } };
  }
  return undefined;
}

function checkAttribute(tag: SaxesTagNS, uri: string, local: string, name: string, value: string, refuse: (code: SvgProblemCode, name?: string) => never) {
  if (uri === XMLNS_NS) return;
  const known =
    uri === ""
      ? ATTRIBUTES.has(local) || FREE_TEXT_ATTRIBUTE.test(local)
      : uri === XLINK_NS
        ? XLINK_ATTRIBUTES.has(local)
        : uri === XML_NS && XML_ATTRIBUTES.has(local);
  if (!known) refuse("svg.attribute", name);
  if (local === "href") {
    const target = value.trim();
    if (!FRAGMENT.test(target) && !(EMBEDS_IMAGE.has(tag.local) && EMBEDDED_IMAGE.test(target))) refuse("svg.link", name);
    return;
  }
  if (!safeCss(value)) refuse("svg.css", name);
  if (local === "attributeName" && ANIMATIONS.has(tag.local)) {
    const animated = value.trim().split(":").pop()!;
    if (animated === "href" || animated === "style" || !ATTRIBUTES.has(animated)) refuse("svg.animation", value);
  }
}

/** True when CSS (a style sheet, a style attribute or a presentation attribute) loads nothing but fragments. */
function safeCss(css: string): boolean {
  if (UNSAFE_CSS.test(css)) return false;
  for (const match of css.matchAll(URL_FUNCTION)) {
    if (css[match.index + match[0].length] !== "#") return false;
  }
  return true;
}

const DESCRIPTIONS: Record<SvgProblemCode, string> = {
  "svg.malformed": "is not a well-formed SVG file",
  "svg.encoding": "is not UTF-8 text",
  "svg.doctype": "contains a DOCTYPE or entity declarations",
  "svg.processing_instruction": "contains a processing instruction",
  "svg.root": "does not start with an <svg> element in the SVG namespace",
  "svg.element": "contains an element that is not allowed",
  "svg.attribute": "contains an attribute that is not allowed (scripts, event handlers or editor data)",
  "svg.link": "links to something outside the file (only #references and embedded PNG, JPEG or WebP are allowed)",
  "svg.css": "contains styles that load or run something",
  "svg.animation": "animates a link, a style or an event handler",
  "svg.too_many_elements": `has more than ${SVG_LIMITS.elements} elements`,
  "svg.too_deep": `nests elements more than ${SVG_LIMITS.depth} deep`,
};

/** Throws `media.unsafe_svg` (a 400 the trainer can act on) with what was found and on which line. */
export function assertSafe(bytes: Uint8Array): void {
  const problem = findProblem(bytes);
  if (!problem) return;
  const { name, line } = problem.params;
  const where = name ? `${name}, line ${line}` : `line ${line}`;
  throw new VisibleError(
    "media.unsafe_svg",
    `This SVG ${DESCRIPTIONS[problem.code]} (${where}). Export it again as a plain SVG without scripts, links or editor data, or use PNG.`,
    { details: problem },
  );
}
