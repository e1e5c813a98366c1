import { createMemo } from "solid-js";
import { encode } from "uqr";

/**
 * A QR code as one SVG path (uqr computes the modules; no canvas, no image), so it stays sharp on paper at any
 * size. Error correction M survives a crease or a smudge on a printed poster.
 */
export function QrCode(props: { value: string; label: string; class?: string }) {
  const code = createMemo(() => encode(props.value, { ecc: "M", border: 2 }));
  const path = createMemo(() => {
    const parts: string[] = [];
    code().data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
      }),
    );
    return parts.join("");
  });
  return (
    <svg class={props.class} role="img" aria-label={props.label} viewBox={`0 0 ${code().size} ${code().size}`} shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={code().size} height={code().size} fill="#fff" />
      <path d={path()} fill="#000" />
    </svg>
  );
}
