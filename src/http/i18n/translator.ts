// One i18next instance for the process, with ICU MessageFormat (i18next-icu on FormatJS intl-messageformat: an
// interpreter, nothing compiled with eval or Function), its resources in memory, initialised synchronously. A
// request gets a t() fixed to its language (request-locale.ts). Views and presenters name messages by literal
// "namespace:key" strings, in t('...') or, for a key chosen in one place and translated in another, msg('...'),
// so a test can check every key against every catalog.
import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import type { Logger } from 'pino';
import type { TextValue } from '../../mail/errors/user-text.ts';
import { FALLBACK_LANGUAGE, LANGUAGES, loadCatalogs, type Language } from './catalogs.ts';

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
  return {
    forLanguage(language) {
      const t = fixed.get(language) ?? fixed.get(FALLBACK_LANGUAGE)!;
      return (key, values) => String(t(key, values ?? {}));
    },
  };
}
