// The message catalogs (locales/<language>/<namespace>.json) against each other and against the code: every key
// the views and src/ name exists in every language, no catalog key is left unused, every message is valid ICU
// MessageFormat, and a translation uses the same placeholders as the English message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { flatten, LANGUAGES, loadCatalogs } from '../../src/http/i18n/catalogs.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []);
}

// Keys are named by literal strings in t('ns:key', ...) or msg('ns:key') (src/http/i18n/translator.ts).
const KEY_USE = /\b(?:t|msg)\(\s*(['"`])([a-z][\w-]*:[\w.-]+)\1/g;

function keysUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of [...filesUnder(path.join(ROOT, 'views'), '.ejs'), ...filesUnder(path.join(ROOT, 'src'), '.ts')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(KEY_USE)) {
      used.set(m[2]!, [...(used.get(m[2]!) ?? []), path.relative(ROOT, file)]);
    }
  }
  return used;
}

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

/** The argument names of an ICU message ({name}, {n, plural, ...}, ...), nested ones included. */
function argumentsOf(elements: Element[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    // 0 literal, 7 pound ("#" in a plural), 8 tag: no argument of their own.
    if (e.type !== 0 && e.type !== 7 && e.type !== 8 && e.value) out.add(e.value);
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, out);
  }
  return out;
}

describe('message catalogs', () => {
  const catalogs = loadCatalogs();
  const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(catalogs[l])])) as Record<string, Map<string, string>>;
  const english = flat.en!;

  it('has the same namespaces and keys in every language', () => {
    for (const language of LANGUAGES) {
      assert.deepEqual(Object.keys(catalogs[language]).sort(), Object.keys(catalogs.en).sort(), `${language} namespaces`);
      assert.deepEqual([...flat[language]!.keys()].sort(), [...english.keys()].sort(), `${language} keys`);
    }
  });

  it('has every key the views and src/ use', () => {
    const missing = [...keysUsed()].filter(([key]) => !english.has(key)).map(([key, files]) => `${key} (${files.join(', ')})`);
    assert.deepEqual(missing, []);
  });

  it('has no key that nothing uses', () => {
    const used = keysUsed();
    assert.deepEqual([...english.keys()].filter((k) => !used.has(k)), []);
  });

  it('has only valid ICU messages, with the placeholders of the English one', () => {
    for (const [key, message] of english) {
      const expected = [...argumentsOf(new IntlMessageFormat(message, 'en').getAst() as Element[])].sort();
      for (const language of LANGUAGES) {
        const translated = flat[language]!.get(key)!;
        const ast = new IntlMessageFormat(translated, language).getAst() as Element[];
        assert.deepEqual([...argumentsOf(ast)].sort(), expected, `${language} ${key}`);
      }
    }
  });

  it('is told apart from a broken one: a missing German key and an unknown placeholder fail', () => {
    const broken = new Map(flat.de!);
    broken.delete('settings:title');
    assert.notDeepEqual([...broken.keys()].sort(), [...english.keys()].sort());
    const wrong = argumentsOf(new IntlMessageFormat('Fehler {code}.', 'de').getAst() as Element[]);
    assert.notDeepEqual([...wrong], [...argumentsOf(new IntlMessageFormat(english.get('error:status')!, 'en').getAst() as Element[])]);
  });
});
