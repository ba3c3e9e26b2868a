// t() formats catalog messages itself, each made once into an IntlMessageFormat, instead of running i18next's
// lookup per call (translator.ts). It must say exactly what i18next with i18next-icu says: every message of every
// language, with values of each kind its arguments take, a value missing, a key in no catalog.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import { FALLBACK_LANGUAGE, flatten, LANGUAGES, loadCatalogs } from '../../src/http/i18n/catalogs.ts';
import { createTranslator } from '../../src/http/i18n/translator.ts';

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

/** Argument name -> its ICU type (1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural). */
function argumentsOf(elements: Element[], out = new Map<string, number>()): Map<string, number> {
  for (const e of elements) {
    if (e.type >= 1 && e.type <= 6 && e.value) out.set(e.value, e.type);
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, out);
  }
  return out;
}

/** Values that visit each branch: numbers for plurals (0, 1, 2, 5, 1234), every select option, odd strings. */
function sampleValues(message: string): Record<string, unknown>[] {
  const ast = new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst() as Element[];
  const args = [...argumentsOf(ast)];
  if (!args.length) return [{}, { unused: 'x' }];
  const selects = (name: string) => {
    const found: string[] = [];
    const walk = (els: Element[]) => els.forEach((e) => {
      if (e.type === 5 && e.value === name) found.push(...Object.keys(e.options ?? {}));
      Object.values(e.options ?? {}).forEach((o) => walk(o.value));
    });
    walk(ast);
    return found;
  };
  return [0, 1, 2, 5, 1234].map((n, i) => Object.fromEntries(args.map(([name, type]) => {
    if (type === 2 || type === 6) return [name, n];
    if (type === 3 || type === 4) return [name, new Date(Date.UTC(2025, 4, 4, 10, 0))];
    if (type === 5) return [name, selects(name)[i % Math.max(1, selects(name).length)] ?? 'other'];
    return [name, ['Zoë & <b>Müller</b>', "l'été {x}", '', '42', 'Alice'][i]];
  })));
}

function reference(): (language: string) => (key: string, values: Record<string, unknown>) => string {
  const catalogs = loadCatalogs();
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false, resources: catalogs, supportedLngs: [...LANGUAGES], fallbackLng: FALLBACK_LANGUAGE,
    ns: Object.keys(catalogs[FALLBACK_LANGUAGE]), defaultNS: 'common', interpolation: { escapeValue: false }, returnNull: false,
  });
  return (language) => {
    const t = instance.getFixedT(language);
    return (key, values) => String(t(key, values));
  };
}

describe('t()', () => {
  const translator = createTranslator();
  const i18n = reference();
  const keys = [...flatten(loadCatalogs()[FALLBACK_LANGUAGE])];

  it('says what i18next says for every message of every language', () => {
    let compared = 0;
    for (const language of LANGUAGES) {
      const ours = translator.forLanguage(language);
      const theirs = i18n(language);
      for (const [key, english] of keys) {
        for (const values of sampleValues(english)) {
          assert.equal(ours(key, values), theirs(key, values), `${language} ${key} ${JSON.stringify(values)}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 2 * keys.length, 'every message compared');
  });

  it('says what i18next says when a value is missing, and for a key in no catalog', () => {
    for (const language of LANGUAGES) {
      const ours = translator.forLanguage(language);
      const theirs = i18n(language);
      for (const [key] of keys) assert.equal(ours(key), theirs(key, {}), `${language} ${key} without values`);
      for (const key of ['common:noSuchKey', 'nosuchns:key', 'brand', 'common:nav']) assert.equal(ours(key), theirs(key, {}), key);
    }
  });
});
