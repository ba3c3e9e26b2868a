// Which language a request is answered in, and which locale writes its dates and numbers: the user's setting
// first, else the browser's Accept-Language among the catalogs' languages (RFC 9110 section 12.5.4, through
// express's negotiator), else English. The formatting locale keeps the browser's region when it asked for the
// same language (en-US writes 12-hour times, en-GB 24-hour); without one, each language has a house default.
import type { Request } from 'express';
import { FALLBACK_LANGUAGE, isLanguage, LANGUAGES, type Language } from './catalogs.ts';

const DEFAULT_LOCALE: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

const primary = (tag: string) => tag.split('-', 1)[0]!.toLowerCase();

/** `setting` is a stored BCP 47 tag or null ("not chosen"); de-AT and de both mean the German catalog. */
export function chooseLanguage(setting: string | null | undefined, req: Request): Language {
  const chosen = setting ? primary(setting) : undefined;
  if (isLanguage(chosen)) return chosen;
  const best = req.acceptsLanguages([...LANGUAGES]);
  return isLanguage(best) ? best : FALLBACK_LANGUAGE;
}

export function formattingLocale(language: Language, req: Request): string {
  for (const tag of req.acceptsLanguages()) {
    if (tag === '*' || primary(tag) !== language || !tag.includes('-')) continue;
    const supported = supportedLocale(tag);
    if (supported) return supported;
  }
  return DEFAULT_LOCALE[language];
}

/**
 * Intl's answer for one tag, remembered: asking costs about 0.17 ms, on every page (npm run bench's profile).
 * The tags come from request headers, so the memory is bounded: past MAX_REMEMBERED it starts again.
 */
const MAX_REMEMBERED = 256;
const remembered = new Map<string, string | undefined>();

function supportedLocale(tag: string): string | undefined {
  if (remembered.has(tag)) return remembered.get(tag);
  let supported: string | undefined;
  try {
    [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
  } catch {
    // A malformed tag in the header: not a locale.
  }
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(tag, supported);
  return supported;
}
