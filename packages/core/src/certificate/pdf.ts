import { rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { COMPETENCES, competenceLabel } from "../model";
import { drawCentered, newDocument } from "../pdf/document";
import { qrModules } from "../pdf/qr";
import { formatCode } from "./code";
import type { Info } from "./index";

/**
 * The certificate as an A4 landscape PDF: Vietnamese text in an embedded, subset Noto Sans, and a vector QR
 * code linking to the public verification page with the signature, so it verifies even offline.
 */
/** The link in the QR code: the page checks the signature against the facts carried in the link. */
export function verificationUrl(baseUrl: string, certificate: Info): string {
  const facts = { n: certificate.holderName, c: certificate.courseId, t: certificate.courseTitle, v: certificate.version, i: certificate.issuedAt };
  const data = Buffer.from(JSON.stringify(facts)).toString("base64url");
  return `${baseUrl.replace(/\/$/, "")}/verify/${certificate.code}?d=${data}&s=${certificate.signature}`;
}

const GREEN = rgb(0.05, 0.4, 0.27);
const INK = rgb(0.12, 0.14, 0.16);
const MUTED = rgb(0.36, 0.39, 0.42);
const RED = rgb(0.75, 0.1, 0.1);

/** Centred lines this wide end at x ≈ 641, clear of the QR code's white box (from x ≈ 656). */
const COMPETENCE_WIDTH = 440;

const centered = (page: PDFPage, text: string, y: number, font: PDFFont, size: number, color = INK) => drawCentered(page, text, y, font, size, color);

function formatDate(iso: string) {
  const d = new Date(iso);
  return `ngày ${String(d.getUTCDate()).padStart(2, "0")} tháng ${String(d.getUTCMonth() + 1).padStart(2, "0")} năm ${d.getUTCFullYear()}`;
}

export async function renderPdf(certificate: Info, baseUrl: string): Promise<Uint8Array> {
  const issued = new Date(certificate.issuedAt);
  const {
    pdf,
    regular: font,
    bold: heavy,
  } = await newDocument({ title: `Giấy chứng nhận ${formatCode(certificate.code)}`, subject: certificate.courseTitle, date: issued });

  const page = pdf.addPage([841.89, 595.28]);
  const { width, height } = page.getSize();
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: GREEN, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: GREEN, borderWidth: 0.75 });

  centered(page, "KỸ NĂNG SỐ · TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", height - 80, heavy, 12, GREEN);
  centered(page, "GIẤY CHỨNG NHẬN", height - 130, heavy, 34, GREEN);
  centered(page, "HOÀN THÀNH KHOÁ HỌC", height - 158, font, 14, MUTED);
  centered(page, "Chứng nhận", height - 205, font, 14, MUTED);
  centered(page, certificate.holderName, height - 250, heavy, 32, INK);
  centered(page, "đã hoàn thành khoá học", height - 285, font, 14, MUTED);
  centered(page, certificate.courseTitle, height - 322, heavy, 22, INK);
  centered(page, `Phiên bản ${certificate.version} · ${formatDate(certificate.issuedAt)}`, height - 350, font, 12, MUTED);
  if (certificate.unitName) centered(page, `Đơn vị: ${certificate.unitName}`, height - 372, font, 12, MUTED);
  if (certificate.competences?.length) {
    // The skills the course taught, in short lines that clear the QR code in the bottom right corner: the
    // basic skills by name, the DigComp competences by number (the verification page names each one).
    const basic = certificate.competences.filter((code) => COMPETENCES[code].kind === "basic").map((code) => competenceLabel(code));
    const digcomp = certificate.competences.filter((code) => COMPETENCES[code].kind === "digcomp").map((code) => code.slice(3));
    const lines = [
      ...wrap("Kỹ năng số cơ bản: ", basic, font, 9, COMPETENCE_WIDTH),
      ...wrap("Năng lực theo khung DigComp 2.2: ", digcomp, font, 9, COMPETENCE_WIDTH),
    ];
    centered(page, "Kỹ năng đã học", height - 400, heavy, 10, GREEN);
    for (const [i, line] of lines.entries()) drawCentered(page, line, height - 416 - i * 14, font, 9, INK, COMPETENCE_WIDTH);
  }

  const link = verificationUrl(baseUrl, certificate);
  const qr = qrModules(link);
  const modules = qr.size;
  const qrSize = 120;
  const cell = qrSize / modules;
  const qrX = width - 60 - qrSize;
  const qrY = 60;
  page.drawRectangle({ x: qrX - 6, y: qrY - 6, width: qrSize + 12, height: qrSize + 12, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.dark(row, col))
        page.drawRectangle({ x: qrX + col * cell, y: qrY + qrSize - (row + 1) * cell, width: cell + 0.01, height: cell + 0.01, color: INK });
    }
  }
  page.drawText("Mã chứng nhận", { x: 60, y: 120, size: 10, font, color: MUTED });
  page.drawText(formatCode(certificate.code), { x: 60, y: 98, size: 20, font: heavy, color: INK });
  page.drawText("Quét mã QR hoặc nhập mã tại trang kiểm tra để xác minh:", { x: 60, y: 76, size: 10, font, color: MUTED });
  page.drawText(`${baseUrl.replace(/\/$/, "")}/verify/${formatCode(certificate.code)}`, { x: 60, y: 60, size: 10, font, color: GREEN });

  if (certificate.status === "revoked") {
    centered(page, "ĐÃ THU HỒI", height / 2 - 20, heavy, 72, RED);
  }
  return pdf.save();
}

/** `lead` then the items joined by " · ", in lines no wider than `maxWidth`; an item never breaks across lines. */
function wrap(lead: string, items: string[], font: PDFFont, size: number, maxWidth: number): string[] {
  if (!items.length) return [];
  const lines: string[] = [];
  let line = lead;
  for (const [i, item] of items.entries()) {
    const next = i === 0 ? `${line}${item}` : `${line} · ${item}`;
    if (i > 0 && font.widthOfTextAtSize(next, size) > maxWidth) {
      lines.push(line);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
