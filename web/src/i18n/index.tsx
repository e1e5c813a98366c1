import { createContext, createEffect, createSignal, useContext, type Accessor, type ParentProps } from "solid-js";
import { readStorage, writeStorage } from "../lib/storage";
import { vi, type Dictionary, type MessageKey } from "./vi";

export type { MessageKey } from "./vi";
export type Language = "vi" | "en";
export type Params = Record<string, string | number>;
export type Translate<Key extends string = MessageKey> = (key: Key, params?: Params) => string;
/** A screen's own strings in every language; see `defineMessages`. */
export type ScreenMessages<Key extends string> = Record<Language, Record<Key, string>>;

const LANGUAGE_KEY = "kns.language";

/** Vietnamese ships with the app; other languages are separate chunks fetched on first use. */
const dictionaries: Record<Language, () => Promise<Dictionary>> = {
  vi: async () => vi,
  en: () => import("./en").then((module) => module.en),
};

export function storedLanguage(): Language {
  return readStorage(LANGUAGE_KEY) === "en" ? "en" : "vi";
}

export function loadDictionary(language: Language): Promise<Dictionary> {
  return dictionaries[language]();
}

export function format(template: string, params?: Params) {
  return params ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match)) : template;
}

interface I18n {
  language: Accessor<Language>;
  t: Translate;
  setLanguage(language: Language): Promise<void>;
}

const I18nContext = createContext<I18n>();

export function I18nProvider(props: ParentProps<{ language?: Language; dictionary?: Dictionary }>) {
  // The props are read once: they only seed the state, the switch takes over from there.
  const [language, setLanguageSignal] = createSignal<Language>(props.language ?? "vi");
  const [dictionary, setDictionary] = createSignal<Dictionary>(props.dictionary ?? vi);

  createEffect(() => {
    document.documentElement.lang = language();
  });

  const i18n: I18n = {
    language,
    // A key the dictionary lacks (say, a role the server added later) shows as itself rather than breaking the page.
    t: (key, params) => format(dictionary()[key] ?? key, params),
    async setLanguage(next) {
      const loaded = await loadDictionary(next);
      setDictionary(() => loaded);
      setLanguageSignal(next);
      writeStorage(LANGUAGE_KEY, next);
    },
  };
  return <I18nContext.Provider value={i18n}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n must be used inside <I18nProvider>");
  return i18n;
}

/**
 * A screen's strings, kept beside the screen so they download with its chunk instead of growing the first load.
 * Both languages are given at once; the type requires the same keys in each.
 */
export function defineMessages<const Vi extends Record<string, string>>(vi: Vi, en: { [Key in keyof Vi]: string }): ScreenMessages<keyof Vi & string> {
  return { vi, en };
}

/** `t` for a screen: its own strings first, then the shared dictionary. */
export function useMessages<Key extends string>(messages: ScreenMessages<Key>): Translate<Key | MessageKey> {
  const { t, language } = useI18n();
  return (key, params) => {
    const own: Partial<Record<string, string>> = messages[language()];
    const template = own[key];
    return template === undefined ? t(key as MessageKey, params) : format(template, params);
  };
}

/** Keeps the document title in step with the page and the language, so tabs and screen readers name the page. */
export function usePageTitle(title: () => string) {
  const { t } = useI18n();
  createEffect(() => {
    document.title = t("app.pageTitle", { page: title() });
  });
}
