import { Show } from "solid-js";
import { createLoader } from "../lib/load";

/**
 * A QR code as one SVG path (uqr computes the modules; no canvas, no image), so it stays sharp on paper at any
 * size. Error correction M survives a crease or a smudge on a printed poster. The encoder loads only when a
 * code is shown: most screens that could show one (a certificate) do not until asked.
 */
export function QrCode(props: { value: string; label: string; class?: string }) {
  const code = createLoader(
    () => props.value,
    async (value) => (await import("uqr")).encode(value, { ecc: "M", border: 2 }),
  );
  const path = () => {
    const parts: string[] = [];
    code.data()?.data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
      });
    });
    return parts.join("");
  };
  return (
    <Show when={code.data()?.size}>
      {(size) => (
        <svg
          class={props.class}
          role="img"
          aria-label={props.label}
          viewBox={`0 0 ${size()} ${size()}`}
          shape-rendering="crispEdges"
          xmlns="http://www.w3.org/2000/svg"
        >
          <rect width={size()} height={size()} fill="#fff" />
          <path d={path()} fill="#000" />
        </svg>
      )}
    </Show>
  );
}
