import { createContext, createEffect, createResource, createSignal, useContext, type Accessor, type ParentProps } from "solid-js";
import { readStorage, writeStorage } from "../lib/storage";
import { vi, type Dictionary, type MessageKey } from "./vi";

export type { MessageKey } from "./vi";
export type Language = "vi" | "en";
export type Params = Record<string, string | number>;
export type Translate<Key extends string = MessageKey> = (key: Key, params?: Params) => string;

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

/** A dictionary in another language: exactly the keys of the Vietnamese one (`satisfies Messages<typeof vi>` checks both ways). */
export type Messages<Vi> = { [Key in keyof Vi]: string };

/**
 * The strings of one part of the app (an area such as admin or trainer, or one screen), split by language: the
 * Vietnamese come with the area's code, so a Vietnamese reader never waits for them and never downloads the
 * English; each other language is a chunk of its own, fetched once, when someone reads in it. An area may build
 * on a shared one (the glossary): its keys are the area's too, and the area may not restate them.
 */
interface Area<Key extends string> {
  /** Never set: carries the keys for `useMessages`' types. */
  readonly keys?: Key;
  /** Whether the strings of `language` (and of the shared area) are on the phone. */
  ready(language: Language): boolean;
  load(language: Language): Promise<void>;
  template(language: Language, key: string): string | undefined;
}
export type AreaKey<Of> = Of extends Area<infer Key> ? Key : never;
type Strings = Partial<Record<string, string>>;
/** Keys an area must not write again: the shared area's and the shell's. */
type Restated<Vi, Taken extends string> = { [Key in keyof Vi & Taken]: never };

/**
 * The language on screen (until the provider renders, the stored choice): an area whose code arrives while it
 * is not Vietnamese fetches its strings at once, alongside its screen's other chunks.
 */
let shownLanguage: Language = storedLanguage();
/** Every area defined so far: switching language waits until all of them have their strings. */
const areas = new Set<Area<string>>();

export function defineArea<Vi extends Record<string, string>, Shared extends string = never>(strings: {
  vi: Vi & Restated<Vi, NoInfer<Shared> | MessageKey>;
  en: () => Promise<{ default: Messages<Vi> }>;
  shared?: Area<Shared>;
}): Area<(keyof Vi & string) | Shared> {
  const loaded: Partial<Record<Language, Strings>> = { vi: strings.vi };
  const fetchers: Record<Exclude<Language, "vi">, () => Promise<{ default: Strings }>> = { en: strings.en };
  const pending: Partial<Record<Language, Promise<void>>> = {};
  const area: Area<(keyof Vi & string) | Shared> = {
    ready: (language) => Boolean(loaded[language]) && (strings.shared?.ready(language) ?? true),
    load(language) {
      if (!loaded[language] && language !== "vi") {
        pending[language] ??= fetchers[language]().then(
          (module) => {
            loaded[language] = module.default;
          },
          (error: unknown) => {
            delete pending[language];
            throw error;
          },
        );
      }
      const own = loaded[language] || language === "vi" ? undefined : pending[language];
      return Promise.all([own, strings.shared?.load(language)]).then(() => undefined);
    },
    template: (language, key) => loaded[language]?.[key] ?? strings.shared?.template(language, key),
  };
  areas.add(area);
  if (shownLanguage !== "vi") area.load(shownLanguage).catch(() => undefined);
  return area;
}

/** The shell's strings and every area's, in `language`: what must be on the phone before the screen switches to it. */
export async function loadLanguage(language: Language): Promise<Dictionary> {
  const [dictionary] = await Promise.all([loadDictionary(language), ...[...areas].map((area) => area.load(language))]);
  return dictionary;
}

interface I18n {
  language: Accessor<Language>;
  t: Translate;
  setLanguage(language: Language): Promise<void>;
  /** The shell's template for a key, if it has one (the last place `useMessages` looks). */
  template(key: string): string | undefined;
}

const I18nContext = createContext<I18n>();

export function I18nProvider(props: ParentProps<{ language?: Language; dictionary?: Dictionary }>) {
  // The props are read once: they only seed the state, the switch takes over from there.
  const [language, setLanguageSignal] = createSignal<Language>(props.language ?? "vi");
  const [dictionary, setDictionary] = createSignal<Dictionary>(props.dictionary ?? vi);
  shownLanguage = language();

  createEffect(() => {
    document.documentElement.lang = language();
  });

  const template = (key: string): string | undefined => (dictionary() as Partial<Record<string, string>>)[key];
  const i18n: I18n = {
    language,
    // A key the dictionary lacks (say, a role the server added later) shows as itself rather than breaking the page.
    t: (key, params) => format(template(key) ?? key, params),
    template,
    async setLanguage(next) {
      const loaded = await loadLanguage(next);
      shownLanguage = next;
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
 * `t` for a screen: its area's strings first (with the shared ones it builds on), then the shell's. Vietnamese
 * and any language already fetched answer at once; an area first opened in English waits for its English chunk
 * inside the nearest <Suspense> (the layout's), rather than showing Vietnamese and then switching.
 */
export function useMessages<Key extends string>(area: Area<Key>): Translate<Key | MessageKey> {
  const { language, template } = useI18n();
  const [ready] = createResource(language, (wanted): Language | Promise<Language> => {
    if (area.ready(wanted)) return wanted;
    // Not fetched (offline before it was ever cached): this area stays in Vietnamese rather than breaking the page.
    return area.load(wanted).then(
      () => wanted,
      () => "vi",
    );
  });
  return (key, params) => {
    const current = ready() ?? "vi";
    return format(area.template(current, key) ?? template(key) ?? key, params);
  };
}

/** Keeps the document title in step with the page and the language, so tabs and screen readers name the page. */
export function usePageTitle(title: () => string) {
  const { t } = useI18n();
  createEffect(() => {
    document.title = t("app.pageTitle", { page: title() });
  });
}
