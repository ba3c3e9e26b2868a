// The language of a request: the user's setting, else Accept-Language among the catalogs, else English; and the
// locale its dates and numbers are written in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express, { type Request } from 'express';
import { chooseLanguage, formattingLocale } from '../../src/http/i18n/negotiate.ts';

/** A real express request (its acceptsLanguages), with only the header set. */
function request(acceptLanguage: string | undefined): Request {
  const req = Object.create(express.request) as Request;
  Object.assign(req, { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });
  return req;
}

describe('language negotiation', () => {
  const cases: [string | null, string | undefined, string, string][] = [
    [null, 'de-DE,de;q=0.9,en;q=0.5', 'de', 'de-DE'],
    [null, 'de-AT', 'de', 'de-AT'],
    [null, 'fr-FR,fr;q=0.9,de;q=0.5', 'de', 'de-DE'],
    [null, 'fr-FR', 'en', 'en-GB'],
    [null, 'en-US,en;q=0.9', 'en', 'en-US'],
    [null, undefined, 'en', 'en-GB'],
    [null, '*', 'en', 'en-GB'],
    [null, 'garbage;;q=x', 'en', 'en-GB'],
    ['de', 'en-US', 'de', 'de-DE'],
    ['de-CH', 'en-US', 'de', 'de-DE'],
    ['en', 'de-AT,de', 'en', 'en-GB'],
    ['pt-BR', 'de', 'de', 'de-DE'],
  ];
  for (const [setting, header, language, locale] of cases) {
    it(`gives ${language} (${locale}) for the setting ${setting} and Accept-Language ${header}`, () => {
      const req = request(header);
      const chosen = chooseLanguage(setting, req);
      assert.equal(chosen, language);
      assert.equal(formattingLocale(chosen, req), locale);
    });
  }
});
