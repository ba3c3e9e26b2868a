// The request's language, t(), formatting locale, time zone and theme, in res.locals for views and presenters.
// Runs twice: early for every request (Accept-Language only, so a refused CSRF token or a sign-in page is in the
// browser's language), and again once a signed-in user's settings are loaded (load-settings.ts), which win.
import type { Request, RequestHandler, Response } from 'express';
import type { UserSettings } from '../../settings/user-settings.ts';
import { formatSize } from '../../mime/format.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { dateFormats, type DateFormats } from '../presenters/dates.ts';
import type { Language } from './catalogs.ts';
import { chooseLanguage, formattingLocale } from './negotiate.ts';
import type { Translate, Translator } from './translator.ts';

export type Theme = UserSettings['theme'];

export interface RequestLocale {
  language: Language;
  /** BCP 47 tag for Intl */
  locale: string;
  timeZone: string;
  /** false until the user chose a zone (or their browser's script did): times are then UTC and say so */
  timeZoneChosen: boolean;
  theme: Theme;
  t: Translate;
  dates: DateFormats;
  size(bytes: number): string;
}

// The language and formatting locale of a request depend only on the user's chosen language and the browser's
// Accept-Language: negotiating them parses the header twice (~15 µs), so the answer is remembered per pair. The
// headers come from browsers, so the memory is bounded: past MAX_NEGOTIATED the map starts again, and a header longer
// than any browser sends is negotiated every time rather than kept.
const MAX_NEGOTIATED = 512;
const MAX_KEPT_HEADER = 256;
const negotiated = new Map<string, { language: Language; locale: string }>();

function negotiate(req: Request, setting: string | null | undefined): { language: Language; locale: string } {
  const header = req.headers['accept-language'] ?? '';
  const key = `${setting ?? ''}\n${header}`;
  const known = negotiated.get(key);
  if (known) return known;
  const language = chooseLanguage(setting, req);
  const found = { language, locale: formattingLocale(language, req) };
  if (header.length <= MAX_KEPT_HEADER) {
    if (negotiated.size >= MAX_NEGOTIATED) negotiated.clear();
    negotiated.set(key, found);
  }
  return found;
}

function localeFor(req: Request, translator: Translator, settings: UserSettings | undefined): RequestLocale {
  const { language, locale } = negotiate(req, settings?.language);
  const timeZone = settings?.timeZone ?? 'UTC';
  const timeZoneChosen = Boolean(settings?.timeZone);
  return {
    language,
    locale,
    timeZone,
    timeZoneChosen,
    theme: settings?.theme ?? 'system',
    t: translator.forLanguage(language),
    dates: dateFormats({ locale, timeZone, chosen: timeZoneChosen, now: new Date() }),
    size: (bytes) => formatSize(bytes, locale),
  };
}

export function requestLocale(translator: Translator): RequestHandler {
  return (req, res, next) => {
    const settings = settingsOf(res);
    const locale = localeFor(req, translator, settings);
    res.locals.locale = locale;
    res.locals.t = locale.t;
    // Only a signed-in page can post the browser's zone (public/timezone.js); the sign-in page has no settings.
    // "reload": the page may be loaded again to show its dates in the new zone; a page that answers a POST (a
    // form shown again) must not be, or the browser would offer to send the form once more.
    res.locals.timeZoneUnset = settings !== undefined && !locale.timeZoneChosen ? (req.method === 'GET' ? 'reload' : 'keep') : undefined;
    next();
  };
}

export function localeOf(res: Response): RequestLocale {
  const locale = res.locals.locale as RequestLocale | undefined;
  if (!locale) throw new Error('localeOf() used before the requestLocale middleware');
  return locale;
}
