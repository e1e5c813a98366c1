import { createSignal } from "solid-js";
import { useI18n, type Language } from "../i18n";

/** Names the other language in that language ("English" / "Tiếng Việt"), so people can find their own. */
export function LanguageSwitch() {
  const { t, setLanguage } = useI18n();
  const [busy, setBusy] = createSignal(false);
  const target = () => t("language.switchLang") as Language;
  async function switchLanguage() {
    setBusy(true);
    try {
      await setLanguage(target());
    } catch {
      // The other dictionary could not be fetched (offline before it was cached): stay in this language.
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" class="language-switch" lang={target()} aria-label={t("language.switchLabel")} disabled={busy()} onClick={switchLanguage}>
      {t("language.switch")}
    </button>
  );
}
