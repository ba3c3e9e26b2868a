// The hostile tests of DESIGN.md's security model. Every input goes through sanitizeEmailHtml with remote images
// off and on, and the output is read back by an independent checker (test/fixtures/mime/inspect-html.ts) that fails
// on any element, attribute, URL or CSS able to run script or fetch something the reader did not ask for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elements } from '../fixtures/mime/inspect-html.ts';
import { OWASP, SCRIPT_URLS, URL_CARRIERS } from '../fixtures/mime/xss-vectors.ts';
import { clean, inert } from './sanitize-helpers.ts';

describe('sanitizeEmailHtml: OWASP filter evasion vectors', () => {
  for (const [name, input] of OWASP) {
    it(`neutralizes ${name}`, () => {
      const { html } = inert(input);
      assert.doesNotMatch(html, /<(script|iframe|svg|math|object|embed|style|link|meta|base|form|input)/i);
    });
  }
});

describe('sanitizeEmailHtml: script and foreign URLs in every URL carrier', () => {
  for (const [carrier, wrap] of URL_CARRIERS) {
    it(`keeps no executable or relative URL in ${carrier} (${SCRIPT_URLS.length} spellings)`, () => {
      for (const url of SCRIPT_URLS) {
        const input = wrap(url);
        const { html, blockedRemoteImages } = inert(input);
        assert.doesNotMatch(html, /\b(href|src)="(?!https?:|mailto:|data:image\/(png|jpeg|gif|webp);)/i, input);
        assert.equal(blockedRemoteImages, 0, input);
      }
    });
  }
});

describe('sanitizeEmailHtml: output never carries executable constructs (sampled checks)', () => {
  const all = [...OWASP.map(([, i]) => i), ...SCRIPT_URLS.flatMap((u) => URL_CARRIERS.map(([, w]) => w(u)))];
  it(`finds no on* attribute, script element or javascript: URL in ${all.length} outputs`, () => {
    for (const input of all) {
      for (const remote of [false, true]) {
        const html = clean(input, remote).html;
        for (const el of elements(html)) {
          for (const [name, value] of el.attrs) {
            assert.ok(!name.startsWith('on'), `${name} in ${html}`);
            assert.doesNotMatch(value.replace(/[\s\u0000-\u001f]/g, ''), /^(javascript|vbscript|data:text|livescript):/i, input);
          }
        }
      }
    }
  });
});
