import { render } from "@solidjs/testing-library";
import type { JSX } from "solid-js";
import { I18nProvider } from "../../../i18n";
import type { Dictionary } from "../../../i18n/vi";

/** Renders an admin component with the app's i18n: Vietnamese, or English once `await loadLanguage("en")` has fetched it. */
export function renderWithI18n(ui: () => JSX.Element, english?: Dictionary) {
  return render(() => (
    <I18nProvider language={english ? "en" : "vi"} dictionary={english}>
      {ui()}
    </I18nProvider>
  ));
}
