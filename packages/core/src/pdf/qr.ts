import { encode } from "uqr";

/**
 * The modules of a QR code for the PDFs (certificates, join-code sheets), with uqr: the same encoder the web app
 * draws its QR codes with, so one library makes every code the product shows or prints.
 *
 * Error correction M (15%) survives a crease, a smudge or a poor phone camera on a printed page, as on the web.
 * No quiet zone in the matrix: each PDF leaves its own white margin around the code (the certificate a white
 * box, the join-code card its blank paper), sized for the page.
 */
export function qrModules(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const { size, data } = encode(text, { ecc: "M", border: 0 });
  return { size, dark: (row, col) => data[row]![col]! };
}
