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

// Keys are named by literal strings in t('ns:key', ...) or msg('ns:key') (src/http/i18n/translator.ts), and below
// src/http by userText('ns:key', english) (src/mail/errors/user-text.ts).
const KEY_USE = /\b(?:t|msg|userText)\(\s*(['"`])([a-z][\w-]*:[\w.-]+)\1/g;

function keysUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of [...filesUnder(path.join(ROOT, 'views'), '.ejs'), ...filesUnder(path.join(ROOT, 'src'), '.ts')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(KEY_USE)) {
      used.set(m[2]!, [...(used.get(m[2]!) ?? []), path.relative(ROOT, file)]);
    }
  }
  return used;
}

/** Where a script puts text before people: an assignment or attribute holding a string with letters, or a dialog. */
function wordsInScript(source: string): string[] {
  // A string literal with words in it: letters left once ${...} and {placeholder} are taken out.
  const literals = /(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g;
  const hasWords = (code: string) => [...code.matchAll(literals)].some((m) => /\p{L}/u.test(m[2]!.replace(/\$\{[^}]*\}|\{\w+\}/g, '')));
  // Group 1 is what is shown.
  const shown = [
    /\.(?:textContent|innerText|innerHTML|title|placeholder|ariaLabel)\s*=\s*([^;\n]+)/g,
    /setAttribute\(\s*'(?:aria-label|aria-description|aria-roledescription|title|placeholder|alt)'\s*,([^)\n]+)\)/g,
    /createTextNode\(([^)\n]+)\)/g,
  ];
  const said = shown.flatMap((re) => [...source.matchAll(re)].filter((m) => hasWords(m[1]!)).map((m) => m[0]));
  return [...said, ...[...source.matchAll(/\b(?:alert|confirm|prompt)\([^)\n]*\)/g)].map((m) => m[0])];
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

  // Below src/http a sentence keeps its English for the log (userText(key, english, values)), and the page shows the
  // catalog's: the two must not drift apart. Placeholders are compared as placeholders ("${label}" and "{folder}");
  // messages that choose words (plural, select) are left to the tests of their callers.
  it('has the English that userText() keeps for the log in the English catalog', () => {
    const call = /\buserText\(\s*'([a-z][\w-]*:[\w.-]+)',\s*('(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)/g;
    const shape = (text: string) => text.replace(/\$\{[^}]*\}/g, '{}').replace(/\{[\w]+\}/g, '{}');
    let compared = 0;
    const drifted: string[] = [];
    for (const file of filesUnder(path.join(ROOT, 'src'), '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(call)) {
        const [key, literal] = [m[1]!, m[2]!];
        const message = english.get(key)!;
        if (/\{\w+, (plural|select)/.test(message)) continue;
        const text = literal.slice(1, -1).replace(/\\(['`\\])/g, '$1');
        compared++;
        if (shape(text) !== shape(message)) drifted.push(`${key} (${path.relative(ROOT, file)}): "${text}" vs "${message}"`);
      }
    }
    assert.deepEqual(drifted, []);
    assert.ok(compared > 60, `only ${compared} sentences compared: is the pattern still right?`);
  });

  // Scripts show words the page gave them (data- attributes written with t()), so they are in the page's language.
  it('finds no words in the scripts of public/', () => {
    const found = readdirSync(path.join(ROOT, 'public')).filter((f) => f.endsWith('.js'))
      .flatMap((f) => wordsInScript(readFileSync(path.join(ROOT, 'public', f), 'utf8')).map((w) => `${f}: ${w}`));
    assert.deepEqual(found, []);
    assert.deepEqual(wordsInScript("status.textContent = n === 1 ? '1 suggestion' : `${n} suggestions`;"), [".textContent = n === 1 ? '1 suggestion' : `${n} suggestions`"]);
    assert.deepEqual(wordsInScript("list.setAttribute('aria-label', `Suggestions for ${label}`)"), ["setAttribute('aria-label', `Suggestions for ${label}`)"]);
  });

  it('is told apart from a broken one: a missing German key and an unknown placeholder fail', () => {
    const broken = new Map(flat.de!);
    broken.delete('settings:title');
    assert.notDeepEqual([...broken.keys()].sort(), [...english.keys()].sort());
    const wrong = argumentsOf(new IntlMessageFormat('Fehler {code}.', 'de').getAst() as Element[]);
    assert.notDeepEqual([...wrong], [...argumentsOf(new IntlMessageFormat(english.get('error:status')!, 'en').getAst() as Element[])]);
  });
});
