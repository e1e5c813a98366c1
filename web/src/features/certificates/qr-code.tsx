import { createResource, Show } from "solid-js";

/** A QR code drawn as one SVG path from the encoder's module matrix (uqr loads only when a code is shown). */
export function QrCode(props: { text: string; label: string }) {
  const [matrix] = createResource(
    () => props.text,
    async (text) => (await import("uqr")).encode(text, { ecc: "M", border: 2 }).data,
  );
  const path = () => {
    const rows = matrix.state === "ready" ? matrix() : undefined;
    if (!rows) return "";
    let d = "";
    rows.forEach((row, y) => row.forEach((on, x) => (d += on ? `M${x} ${y}h1v1h-1z` : "")));
    return d;
  };
  const size = () => (matrix.state === "ready" ? matrix()?.length ?? 0 : 0);
  return (
    <Show when={size()}>
      <svg class="qr" viewBox={`0 0 ${size()} ${size()}`} role="img" aria-label={props.label} shape-rendering="crispEdges">
        <rect width={size()} height={size()} fill="#fff" />
        <path d={path()} fill="#000" />
      </svg>
    </Show>
  );
}
