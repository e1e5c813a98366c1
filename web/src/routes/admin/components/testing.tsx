import { render } from "@solidjs/testing-library";
import type { JSX } from "solid-js";
import { I18nProvider, type Language } from "../../../i18n";
import { en } from "../../../i18n/en";

/** Renders an admin component with the app's i18n (Vietnamese unless asked otherwise). */
export function renderWithI18n(ui: () => JSX.Element, language: Language = "vi") {
  return render(() => (
    <I18nProvider language={language} dictionary={language === "en" ? en : undefined}>
      {ui()}
    </I18nProvider>
  ));
}
