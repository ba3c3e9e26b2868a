// One i18next instance for the process, with ICU MessageFormat (i18next-icu on FormatJS intl-messageformat: an
// interpreter, nothing compiled with eval or Function), its resources in memory, initialised synchronously. A
// request gets a t() fixed to its language (request-locale.ts). Views and presenters name messages by literal
// "namespace:key" strings, in t('...') or, for a key chosen in one place and translated in another, msg('...'),
// so a test can check every key against every catalog.
import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Logger } from 'pino';
import type { TextValue } from '../../mail/errors/user-text.ts';
import { FALLBACK_LANGUAGE, flatten, LANGUAGES, loadCatalogs, type Catalogs, type Language } from './catalogs.ts';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * Marks a string as a catalog key where it is chosen (a zod message, a table of titles): see the file comment.
 * With values, the key and its values together, for a message translated later (a flash, an HttpError: user-text.ts).
 */
export function msg<K extends string>(key: K): K;
export function msg(key: string, values: Record<string, TextValue>): { key: string; values: Record<string, TextValue> };
export function msg(key: string, values?: Record<string, TextValue>): string | { key: string; values: Record<string, TextValue> } {
  return values ? { key, values } : key;
}

export interface Translator {
  forLanguage(language: Language): Translate;
}

export function createTranslator(logger?: Logger): Translator {
  const catalogs = loadCatalogs();
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    resources: catalogs,
    supportedLngs: [...LANGUAGES],
    fallbackLng: FALLBACK_LANGUAGE,
    ns: Object.keys(catalogs[FALLBACK_LANGUAGE]),
    defaultNS: 'common',
    // EJS escapes on output (<%=); escaping here as well would show "&amp;" on the page.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (languages, namespace, key) => logger?.warn({ languages, namespace, key }, 'missing message catalog key'),
  });
  const fixed = new Map<Language, TFunction>(LANGUAGES.map((l) => [l, instance.getFixedT(l)]));
  const formatted = formattedMessages(catalogs);
  // One t() per language for the process: what is said once per language (live-list.ts) is remembered by it.
  const made = new Map<Language, Translate>();
  return {
    forLanguage(language) {
      const known = made.get(language);
      if (known) return known;
      const t = fixed.get(language) ?? fixed.get(FALLBACK_LANGUAGE)!;
      const fast = formatted.get(language) ?? formatted.get(FALLBACK_LANGUAGE)!;
      const translate: Translate = (key, values) => {
        const message = fast(key);
        if (typeof message === 'string') return message;
        if (message) {
          try {
            return String(message.format(values));
          } catch {
            // A value missing or of the wrong kind: i18next answers that (with the message as it stands).
          }
        }
        return String(t(key, values ?? {}));
      };
      made.set(language, translate);
      return translate;
    },
  };
}

type Formatted = string | IntlMessageFormat;

/**
 * The fast path of t(): every message of a language's catalogs (English where the language lacks one, as i18next
 * falls back) made at boot into an IntlMessageFormat exactly as i18next-icu makes it (the message's own language,
 * tags left as text), or into its text when it has no argument. i18next's t() runs its whole lookup pipeline on
 * every call (key parsing, fallbacks, plural and context suffixes, the ICU memo): about 10 µs, and a page says
 * hundreds of things. Keys not in the catalogs fall through to i18next, which answers and logs them as before.
 */
function formattedMessages(catalogs: Catalogs): Map<Language, (key: string) => Formatted | undefined> {
  const english = flatten(catalogs[FALLBACK_LANGUAGE]);
  return new Map(LANGUAGES.map((language) => {
    const own = flatten(catalogs[language]);
    const made = new Map<string, Formatted>();
    for (const key of new Set([...english.keys(), ...own.keys()])) {
      const [used, message] = own.has(key) ? [language, own.get(key)!] : [FALLBACK_LANGUAGE, english.get(key)!];
      try {
        const format = new IntlMessageFormat(message, used, undefined, { ignoreTag: true });
        made.set(key, format.getAst().every((element) => element.type === 0) ? String(format.format()) : format);
      } catch {
        // A message ICU cannot parse: left to i18next, whose ICU plugin shows it as it stands.
      }
    }
    return [language, (key: string) => made.get(key)];
  }));
}
