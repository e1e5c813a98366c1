import { rgb } from "pdf-lib";
import type { TeamBadge } from "../model";
import { drawCentered, newDocument } from "../pdf/document";

/**
 * The team's certificate of recognition ("Giấy khen") for a month, A4 landscape, in the product's embedded fonts
 * (pdf/document.ts) so Vietnamese prints as written. It names the team, never its members.
 */
const GREEN = rgb(0.05, 0.4, 0.27);
const GOLD = rgb(0.72, 0.53, 0.04);
const MUTED = rgb(0.36, 0.39, 0.42);

/** "11/2026" from "2026-11". */
const monthWords = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

function vietnamDate(iso: string) {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  return `ngày ${String(d.getUTCDate()).padStart(2, "0")} tháng ${String(d.getUTCMonth() + 1).padStart(2, "0")} năm ${d.getUTCFullYear()}`;
}

export async function renderBadgeCertificate(badge: TeamBadge, provinceName?: string): Promise<Uint8Array> {
  const title = `Tổ Công nghệ số cộng đồng xuất sắc tháng ${monthWords(badge.month)}`;
  const { pdf, regular, bold } = await newDocument({ title: `Giấy khen – ${badge.teamName}`, subject: title, date: new Date(badge.awardedAt) });
  const page = pdf.addPage([841.89, 595.28]);
  const { width, height } = page.getSize();
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: GOLD, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: GREEN, borderWidth: 0.75 });

  drawCentered(page, "KỸ NĂNG SỐ · TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", height - 80, bold, 12, GREEN);
  drawCentered(page, "GIẤY KHEN", height - 135, bold, 40, GREEN);
  drawCentered(page, title, height - 170, regular, 16, MUTED);
  drawCentered(page, "Trao tặng", height - 215, regular, 14, MUTED);
  drawCentered(page, badge.teamName, height - 262, bold, 32);
  drawCentered(page, [badge.communeName, provinceName].filter(Boolean).join(" · "), height - 295, regular, 16);
  drawCentered(page, `Xếp hạng ${badge.rank}/${badge.teams} tổ của xã · Điểm hiệu quả ${badge.score}/100`, height - 335, bold, 16, GOLD);
  drawCentered(page, "vì thành tích học tập kỹ năng số và hướng dẫn người dân trong tháng", height - 362, regular, 13, MUTED);
  drawCentered(page, vietnamDate(badge.awardedAt), height - 420, regular, 12, MUTED);
  drawCentered(page, "Xếp hạng chốt vào ngày đầu tiên của tháng sau, theo học tập (hoàn thành, điểm kiểm tra) và hướng dẫn người dân.", 60, regular, 9, MUTED);
  return pdf.save();
}
