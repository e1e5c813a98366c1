import { createSignal, For, Show } from "solid-js";
import { useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";
import type { Region } from "../model";

export interface DrawnRegion {
  id: string;
  label: string;
  region?: Region;
  correct: boolean;
}

/** Smaller than this (in image pixels) is a tap, not a region: nobody can hit it on a phone either. */
const MIN_REGION = 12;

/**
 * Draw rectangles on an image by dragging (mouse, pen or finger: pointer events, with `touch-action: none` so a
 * drag does not scroll the page). Regions are reported in the image's own pixels, whatever size it is shown at,
 * which is how the learner's phone places them.
 */
export function RegionDrawer(props: {
  src: string;
  alt: string;
  /** The image's natural size; the coordinates of every region are in these units. */
  width: number;
  height: number;
  regions: DrawnRegion[];
  selectedId?: string;
  onDraw: (region: Region) => void;
  onSelect?: (id: string) => void;
}) {
  const t = useMessages(trainerMessages);
  let surface!: HTMLDivElement;
  const [start, setStart] = createSignal<{ x: number; y: number; pointerId: number }>();
  const [current, setCurrent] = createSignal<{ x: number; y: number }>();

  /** A pointer position in image pixels, clamped to the image. */
  function toImage(event: PointerEvent) {
    const rect = surface.getBoundingClientRect();
    const sx = rect.width > 0 ? props.width / rect.width : 1;
    const sy = rect.height > 0 ? props.height / rect.height : 1;
    return {
      x: Math.min(props.width, Math.max(0, (event.clientX - rect.left) * sx)),
      y: Math.min(props.height, Math.max(0, (event.clientY - rect.top) * sy)),
    };
  }

  function box(a: { x: number; y: number }, b: { x: number; y: number }): Region {
    const x = Math.round(Math.min(a.x, b.x));
    const y = Math.round(Math.min(a.y, b.y));
    return { x, y, w: Math.round(Math.max(a.x, b.x)) - x, h: Math.round(Math.max(a.y, b.y)) - y };
  }

  function onPointerDown(event: PointerEvent) {
    if (event.button !== undefined && event.button > 0) return;
    event.preventDefault();
    surface.setPointerCapture?.(event.pointerId);
    const point = toImage(event);
    setStart({ ...point, pointerId: event.pointerId });
    setCurrent(point);
  }
  function onPointerMove(event: PointerEvent) {
    const from = start();
    if (!from || from.pointerId !== event.pointerId) return;
    setCurrent(toImage(event));
  }
  function onPointerUp(event: PointerEvent) {
    const from = start();
    if (!from || from.pointerId !== event.pointerId) return;
    const drawn = box(from, toImage(event));
    setStart(undefined);
    setCurrent(undefined);
    if (drawn.w >= MIN_REGION && drawn.h >= MIN_REGION) props.onDraw(drawn);
  }
  function onPointerCancel() {
    setStart(undefined);
    setCurrent(undefined);
  }

  const pct = (region: Region) => ({
    left: `${(region.x / props.width) * 100}%`,
    top: `${(region.y / props.height) * 100}%`,
    width: `${(region.w / props.width) * 100}%`,
    height: `${(region.h / props.height) * 100}%`,
  });
  const drawing = () => {
    const from = start();
    const to = current();
    return from && to ? box(from, to) : undefined;
  };

  return (
    <figure class="t-regions">
      <div class="t-regions__frame">
        <img class="t-regions__image" src={props.src} alt={props.alt} width={props.width} height={props.height} draggable={false} />
        <div
          ref={surface}
          class="t-regions__surface"
          data-testid="region-surface"
          role="application"
          aria-label={t("regions.surface")}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
        >
          <For each={props.regions}>
            {(item, index) => (
              <Show when={item.region}>
                {(region) => (
                  <button
                    type="button"
                    class="t-regions__box"
                    classList={{ "t-regions__box--correct": item.correct, "t-regions__box--selected": item.id === props.selectedId }}
                    style={pct(region())}
                    aria-label={t("regions.box", { n: index() + 1, name: item.label || t("regions.unnamed") })}
                    onPointerDown={(event) => event.stopPropagation()}
                    onClick={() => props.onSelect?.(item.id)}
                  >
                    <span class="t-regions__number">{index() + 1}</span>
                  </button>
                )}
              </Show>
            )}
          </For>
          <Show when={drawing()}>{(region) => <div class="t-regions__box t-regions__box--drawing" style={pct(region())} />}</Show>
        </div>
      </div>
      <figcaption class="muted">{t("regions.help")}</figcaption>
    </figure>
  );
}
