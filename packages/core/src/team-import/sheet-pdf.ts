import { rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { newDocument } from "../pdf/document";
import { qrModules } from "../pdf/qr";

/**
 * The join code sheet as A4 portrait pages: eight cards a page (two columns, four rows) between dashed cut
 * lines, each with the team's name, its join code in large letters and a QR of the registration link. Every
 * page names the commune and the print date, and says that a code changed after printing no longer works.
 * Text is in the embedded Noto Sans the certificates use, so Vietnamese diacritics print as written.
 */

export interface SheetTeam {
  name: string;
  joinCode: string;
  link: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 28;
const HEADER = 74;
const FOOTER = 40;
const COLUMNS = 2;
const ROWS = 4;
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const PAD = 10;
const QR = 72;

const GREEN = rgb(0.05, 0.4, 0.27);
const INK = rgb(0.12, 0.14, 0.16);
const MUTED = rgb(0.36, 0.39, 0.42);
const WARN = rgb(0.6, 0.2, 0.05);
const CUT = rgb(0.55, 0.57, 0.6);

/** The print date as Vietnam reads it (UTC+7, no daylight saving), e.g. "05/03/2026". */
function vietnamDate(now: Date) {
  const local = new Date(now.getTime() + 7 * 60 * 60 * 1000);
  return `${String(local.getUTCDate()).padStart(2, "0")}/${String(local.getUTCMonth() + 1).padStart(2, "0")}/${local.getUTCFullYear()}`;
}

/**
 * Text width from cached per-character advances: pdf-lib lays a custom font's text out anew on every measure,
 * which made a 200-team sheet take half a minute. Kerning is left out, so widths get a 3% margin.
 */
const advances = new WeakMap<PDFFont, Map<string, number>>();
function widthOf(font: PDFFont, text: string, size: number) {
  let cache = advances.get(font);
  if (!cache) {
    cache = new Map();
    advances.set(font, cache);
  }
  let total = 0;
  for (const char of text) {
    let advance = cache.get(char);
    if (advance === undefined) {
      advance = font.widthOfTextAtSize(char, 1);
      cache.set(char, advance);
    }
    total += advance;
  }
  return total * size * 1.03;
}

/** Words wrapped to `width`; a word longer than the width is broken by characters (links). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (word: string) => {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(font, candidate, size) <= width) {
      line = candidate;
      return;
    }
    if (line) lines.push(line);
    line = "";
    if (widthOf(font, word, size) <= width) {
      line = word;
      return;
    }
    let part = "";
    for (const char of word) {
      if (widthOf(font, part + char, size) > width) {
        lines.push(part);
        part = "";
      }
      part += char;
    }
    line = part;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) push(word);
  if (line) lines.push(line);
  return lines;
}

/** The largest size (down to `min`) at which the text fits in `maxLines` lines; at `min` the last line ends in "…". */
function fit(text: string, font: PDFFont, size: number, min: number, width: number, maxLines: number) {
  for (let s = size; s >= min; s -= 0.5) {
    const lines = wrap(text, font, s, width);
    if (lines.length <= maxLines) return { size: s, lines };
  }
  const lines = wrap(text, font, min, width).slice(0, maxLines);
  let last = lines[maxLines - 1] ?? "";
  while (last && widthOf(font, `${last}…`, min) > width) last = last.slice(0, -1);
  lines[maxLines - 1] = `${last.trimEnd()}…`;
  return { size: min, lines };
}

/** The QR as one vector path (runs of dark modules per row), not a rectangle per module: a sheet has hundreds. */
function drawQr(page: PDFPage, link: string, x: number, y: number, size: number) {
  const qr = qrModules(link);
  const modules = qr.size;
  let path = "";
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (!qr.dark(row, col)) continue;
      let run = 1;
      while (col + run < modules && qr.dark(row, col + run)) run++;
      path += `M${col} ${row}h${run}v1h-${run}z`;
      col += run - 1;
    }
  }
  page.drawSvgPath(path, { x, y: y + size, scale: size / modules, color: INK, borderWidth: 0 });
}

function dashed(page: PDFPage, from: { x: number; y: number }, to: { x: number; y: number }) {
  page.drawLine({ start: from, end: to, thickness: 0.6, color: CUT, dashArray: [4, 3] });
}

export async function renderJoinCodeSheet(commune: { name: string; provinceName?: string }, teams: SheetTeam[], now: Date): Promise<Uint8Array> {
  const { pdf, regular: font, bold } = await newDocument({ title: `Mã tham gia các tổ · ${commune.name}`, date: now });

  const pages = Math.max(1, Math.ceil(teams.length / CARDS_PER_PAGE));
  const [width, height] = A4;
  const gridTop = height - MARGIN - HEADER;
  const gridBottom = MARGIN + FOOTER;
  const cardWidth = (width - 2 * MARGIN) / COLUMNS;
  const cardHeight = (gridTop - gridBottom) / ROWS;
  const place = [commune.name, commune.provinceName].filter(Boolean).join(", ");

  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage(A4);
    const top = height - MARGIN;
    page.drawText("MÃ THAM GIA TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", { x: MARGIN, y: top - 14, size: 13, font: bold, color: GREEN });
    const heading = fit(place, bold, 16, 10, width - 2 * MARGIN, 1);
    page.drawText(heading.lines[0]!, { x: MARGIN, y: top - 36, size: heading.size, font: bold, color: INK });
    page.drawText(`In ngày ${vietnamDate(now)} · ${teams.length} tổ · Trang ${p + 1}/${pages}`, { x: MARGIN, y: top - 54, size: 10, font, color: MUTED });

    const footer = [
      "Lưu ý: khi một tổ đổi mã tham gia, mã in trên tờ này không dùng được nữa. Hãy in lại tờ mới sau khi đổi mã.",
      "Cắt theo đường kẻ, mỗi tổ một thẻ. Người tham gia quét mã QR hoặc nhập mã khi đăng ký.",
    ];
    footer.forEach((line, i) => {
      const fitted = fit(line, i === 0 ? bold : font, 8.5, 6, width - 2 * MARGIN, 1);
      page.drawText(fitted.lines[0]!, { x: MARGIN, y: MARGIN + 22 - i * 12, size: fitted.size, font: i === 0 ? bold : font, color: i === 0 ? WARN : MUTED });
    });

    const onPage = teams.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE);
    if (!onPage.length) {
      page.drawText("Xã này chưa có tổ nào có mã tham gia.", { x: MARGIN, y: gridTop - 30, size: 12, font, color: INK });
      continue;
    }
    const rowsUsed = Math.ceil(onPage.length / COLUMNS);
    // Cut lines: around and between the cards on this page.
    for (let r = 0; r <= rowsUsed; r++) dashed(page, { x: MARGIN, y: gridTop - r * cardHeight }, { x: width - MARGIN, y: gridTop - r * cardHeight });
    for (let c = 0; c <= COLUMNS; c++)
      dashed(page, { x: MARGIN + c * cardWidth, y: gridTop }, { x: MARGIN + c * cardWidth, y: gridTop - rowsUsed * cardHeight });

    onPage.forEach((team, i) => {
      const left = MARGIN + (i % COLUMNS) * cardWidth + PAD;
      const cardTop = gridTop - Math.floor(i / COLUMNS) * cardHeight - PAD;
      const cardBottom = cardTop - cardHeight + 2 * PAD;
      const inner = cardWidth - 2 * PAD;
      const name = fit(team.name, bold, 12, 8, inner, 2);
      name.lines.forEach((line, n) => {
        page.drawText(line, { x: left, y: cardTop - 11 - n * (name.size + 2), size: name.size, font: bold, color: INK });
      });
      const code = fit(team.joinCode, bold, 24, 12, inner, 1);
      page.drawText("Mã tham gia", { x: left, y: cardTop - 44, size: 8, font, color: MUTED });
      page.drawText(code.lines[0]!, { x: left, y: cardTop - 68, size: code.size, font: bold, color: GREEN });
      drawQr(page, team.link, left + inner - QR, cardBottom, QR);
      const textWidth = inner - QR - 8;
      let y = cardTop - 88;
      for (const line of wrap("Quét mã QR bằng điện thoại, hoặc mở:", font, 8, textWidth)) {
        page.drawText(line, { x: left, y, size: 8, font, color: INK });
        y -= 10;
      }
      for (const line of wrap(team.link, font, 7, textWidth).slice(0, 4)) {
        page.drawText(line, { x: left, y, size: 7, font, color: GREEN });
        y -= 9;
      }
      const place = fit(commune.name, font, 7.5, 6, textWidth, 1);
      page.drawText(place.lines[0]!, { x: left, y: cardBottom, size: place.size, font, color: MUTED });
    });
  }
  return pdf.save();
}
