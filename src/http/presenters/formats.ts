// What a presenter needs to write for the reader: words (t() and the locale, i18n/user-text.ts), and dates and
// sizes in their zone and locale, from the request (i18n/request-locale.ts). Presenters take this rather than the
// whole request locale so they stay testable.
import type { Words } from '../i18n/user-text.ts';
import type { DateFormats } from './dates.ts';

export interface Formats extends Words {
  dates: DateFormats;
  size(bytes: number): string;
}
