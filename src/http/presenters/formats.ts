// What a presenter needs to write dates and sizes for the reader: their zone and locale, from the request
// (i18n/request-locale.ts). Presenters take this rather than the whole request locale so they stay testable.
import type { DateFormats } from './dates.ts';

export interface Formats {
  dates: DateFormats;
  size(bytes: number): string;
}
