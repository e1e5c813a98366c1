import { createSignal, onCleanup, onMount } from "solid-js";

/**
 * The width and font size an element is shown at, kept up to date. Charts draw at the real size so their text
 * keeps the reader's font size (200% text included). Without layout (tests, very old browsers) the defaults stand.
 */
export function createBoxSize(element: () => HTMLElement | undefined, defaults = { width: 640, fontSize: 15 }) {
  const [width, setWidth] = createSignal(defaults.width);
  const [fontSize, setFontSize] = createSignal(defaults.fontSize);
  onMount(() => {
    const box = element();
    if (!box || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (box.clientWidth > 0) setWidth(box.clientWidth);
      setFontSize(Number.parseFloat(getComputedStyle(box).fontSize) || defaults.fontSize);
    });
    observer.observe(box);
    onCleanup(() => observer.disconnect());
  });
  return { width, fontSize };
}
