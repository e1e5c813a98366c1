import { useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";

/**
 * Move up / move down for an item of an ordered list. Buttons rather than drag and drop: they work the same with
 * touch, keyboard and screen readers, and their names say which item moves.
 */
export function ReorderButtons(props: { index: number; count: number; name: string; onMove: (to: number) => void }) {
  const t = useMessages(trainerMessages);
  return (
    <span class="t-reorder">
      <button
        type="button"
        class="t-icon-button"
        disabled={props.index === 0}
        aria-label={t("reorder.up", { name: props.name })}
        title={t("reorder.up", { name: props.name })}
        onClick={() => props.onMove(props.index - 1)}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        class="t-icon-button"
        disabled={props.index >= props.count - 1}
        aria-label={t("reorder.down", { name: props.name })}
        title={t("reorder.down", { name: props.name })}
        onClick={() => props.onMove(props.index + 1)}
      >
        <span aria-hidden="true">↓</span>
      </button>
    </span>
  );
}
