// Draws the app icon (a phone with a check mark) as PNGs without any image library: signed distance fields for
// the shapes, zlib for the PNG data. Run `node web/scripts/make-icons.mjs` after changing the design; the PNGs
// are committed so the build needs nothing extra. Keep public/icons/icon.svg in step with the same geometry.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BACKGROUND = [0x0b, 0x6e, 0x4f];
const PHONE = [0xff, 0xff, 0xff];
const CHECK = [0xff, 0xd2, 0x4a];

/** Geometry on a 512 × 512 canvas; everything stays inside the maskable safe zone (a circle of radius 205). */
const phone = { cx: 256, cy: 256, halfWidth: 92, halfHeight: 150, radius: 30, stroke: 26 };
const check = [
  [206, 262],
  [244, 300],
  [312, 224],
];
const checkWidth = 34;
const speaker = { from: [232, 140], to: [280, 140], width: 14 };

function roundedRect(x, y, { cx, cy, halfWidth, halfHeight, radius }) {
  const qx = Math.abs(x - cx) - (halfWidth - radius);
  const qy = Math.abs(y - cy) - (halfHeight - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x, y, [ax, ay], [bx, by]) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h);
}

function render(size) {
  const scale = 512 / size;
  const rows = Buffer.alloc(size * (size * 3 + 1));
  for (let j = 0; j < size; j++) {
    rows[j * (size * 3 + 1)] = 0;
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) * scale;
      const y = (j + 0.5) * scale;
      const phoneDistance = Math.min(Math.abs(roundedRect(x, y, phone)) - phone.stroke / 2, segment(x, y, speaker.from, speaker.to) - speaker.width / 2);
      const checkDistance = Math.min(segment(x, y, check[0], check[1]), segment(x, y, check[1], check[2])) - checkWidth / 2;
      let color = BACKGROUND;
      for (const [distance, ink] of [
        [phoneDistance, PHONE],
        [checkDistance, CHECK],
      ]) {
        const coverage = Math.max(0, Math.min(1, 0.5 - distance / scale));
        color = color.map((c, k) => c + (ink[k] - c) * coverage);
      }
      rows.set(color.map(Math.round), j * (size * 3 + 1) + 1 + i * 3);
    }
  }
  return png(size, rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rows) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = new URL("../public/icons/", import.meta.url);
for (const [name, size] of [
  ["icon-192.png", 192],
  ["icon-512.png", 512],
  ["apple-touch-icon.png", 180],
]) {
  writeFileSync(new URL(name, out), render(size));
  console.log(`wrote public/icons/${name}`);
}
