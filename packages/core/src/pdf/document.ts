import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fontkit from "@pdf-lib/fontkit";
import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";

/**
 * A new PDF in the product's type: Noto Sans regular and bold, embedded and subset, so Vietnamese diacritics
 * print as written on any reader. The font files are read once per process (certificates and join-code sheets
 * share them); FONTS_DIR points elsewhere in the Lambda bundle.
 */
const FONTS_DIR = process.env.FONTS_DIR ?? fileURLToPath(new URL("../../assets/fonts/", import.meta.url));

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
function loadFonts() {
  fonts ??= Promise.all([readFile(`${FONTS_DIR}/NotoSans-Regular.ttf`), readFile(`${FONTS_DIR}/NotoSans-Bold.ttf`)]).then(([regular, bold]) => ({
    regular: new Uint8Array(regular),
    bold: new Uint8Array(bold),
  }));
  return fonts;
}

export async function newDocument(meta: { title: string; subject?: string; date: Date }): Promise<{ pdf: PDFDocument; regular: PDFFont; bold: PDFFont }> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(meta.title);
  pdf.setAuthor("Kỹ Năng Số");
  if (meta.subject) pdf.setSubject(meta.subject);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  const { regular, bold } = await loadFonts();
  return { pdf, regular: await pdf.embedFont(regular, { subset: true }), bold: await pdf.embedFont(bold, { subset: true }) };
}

/**
 * Draws a line of text centred on the page, shrinking it until it fits `maxWidth` (a long unit or person's name
 * stays on one line).
 */
export function drawCentered(page: PDFPage, text: string, y: number, font: PDFFont, size: number, color: Color = rgb(0.12, 0.14, 0.16), maxWidth = 700) {
  let fontSize = size;
  while (font.widthOfTextAtSize(text, fontSize) > maxWidth && fontSize > 8) fontSize -= 1;
  const width = font.widthOfTextAtSize(text, fontSize);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size: fontSize, font, color });
}
