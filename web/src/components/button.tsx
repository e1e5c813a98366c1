import { splitProps, type JSX } from "solid-js";

interface ButtonProps extends JSX.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary";
  /** While true the button cannot be pressed again and says what is happening instead. */
  busy?: boolean;
  busyLabel?: string;
}

export function Button(props: ButtonProps) {
  const [own, rest] = splitProps(props, ["variant", "busy", "busyLabel", "children", "class"]);
  return (
    <button
      type="button"
      {...rest}
      class={`button button--${own.variant ?? "primary"} ${own.class ?? ""}`}
      disabled={own.busy || rest.disabled}
      aria-busy={own.busy ? "true" : undefined}
    >
      {own.busy && own.busyLabel ? own.busyLabel : own.children}
    </button>
  );
}
