// The message catalogs: locales/<language>/<namespace>.json, one namespace per page or concern (common for the
// layout, login, error, settings, ...), read once at boot. Messages are ICU MessageFormat ("{count, plural, one
// {# message} other {# messages}}"), so a translator writes plurals and choices in the message itself and the
// code passes only values. English is complete and the fallback; every other language must have every key
// (test/http/i18n-catalogs.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Language = 'en';

/** A catalog file's content: nested objects of messages. */
export interface Catalog {
  [key: string]: string | Catalog;
}

export type Catalogs = Record<Language, Record<string, Catalog>>;

export const LOCALES_DIR = path.join(import.meta.dirname, '..', '..', '..', 'locales');

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function loadCatalogs(dir = LOCALES_DIR): Catalogs {
  const load = (language: Language) => Object.fromEntries(
    readdirSync(path.join(dir, language)).filter((f) => f.endsWith('.json')).sort().map((f) => {
      const file = path.join(dir, language, f);
      return [f.slice(0, -'.json'.length), JSON.parse(readFileSync(file, 'utf8')) as Catalog];
    }),
  );
  return Object.fromEntries(LANGUAGES.map((l) => [l, load(l)])) as Catalogs;
}

/** Every message of a catalog as "namespace:dotted.key" -> message. */
export function flatten(namespaces: Record<string, Catalog>): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (prefix: string, node: Catalog) => {
    for (const [k, v] of Object.entries(node)) {
      const key = prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`;
      if (typeof v === 'string') out.set(key, v);
      else walk(key, v);
    }
  };
  for (const [ns, catalog] of Object.entries(namespaces)) walk(`${ns}:`, catalog);
  return out;
}
