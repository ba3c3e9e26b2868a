// Dates as the reader reads them: in their time zone and locale (Intl), the list short (the time for today, day
// and month this year, the date before that) and the message page in full. "Today" and "this year" are days in
// the reader's zone, not the server's: at 01:00 in Lisbon a message from 23:30 New York time is from yesterday.
// Until the reader has chosen a zone (null in their settings), times are UTC and say so.

export interface DateFormats {
  /** the list's date: the time today, day and month this year, the date before that */
  short(date: Date | undefined): string;
  /** the message page's and the list's tooltip date: weekday, date and time */
  full(date: Date | undefined): string;
  /** a calendar day typed as YYYY-MM-DD (a search's "since"), written as the locale writes a date; no zone applies */
  day(isoDay: string): string;
  /** the day short() calls today, YYYY-MM-DD in the reader's zone: what a remembered list depends on (list-rows-html.ts) */
  today: string;
}

export interface DateContext {
  /** a BCP 47 tag Intl supports, e.g. en-GB, de-DE */
  locale: string;
  /** an IANA zone; UTC when the reader has not chosen one */
  timeZone: string;
  /** whether the reader chose the zone: times name it when not */
  chosen: boolean;
  /** what "today" is; the request's time */
  now: Date;
}

interface Formatters {
  day: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  dayMonth: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
  calendarDay: Intl.DateTimeFormat;
  /** the last day `day` gave, and the whole second it was asked for (a day never changes within a second) */
  today?: { second: number; day: string };
  /** full() of recent instants: a message page asks for one (~20 µs through ICU with a zone) every time it opens */
  fullTexts: Map<number, string>;
}

// Per locale and zone; the instants are those of mail being read, so a few hundred cover what is open.
const FULL_TEXTS_LIMIT = 256;

// A few formatters per locale and zone, made once: building one costs more than formatting a page of dates.
// Locales and zones come from short, fixed lists, so the cap only guards against surprises.
const cache = new Map<string, Formatters>();
const CACHE_LIMIT = 1000;

function formattersFor(locale: string, timeZone: string, named: boolean): Formatters {
  const key = `${locale}|${timeZone}|${named}`;
  let f = cache.get(key);
  if (f) return f;
  const zone = named ? { timeZoneName: 'short' as const } : {};
  f = {
    // en-CA writes YYYY-MM-DD: a day in the zone that compares as a string.
    day: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', ...zone }),
    dayMonth: new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }),
    date: new Intl.DateTimeFormat(locale, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }),
    full: new Intl.DateTimeFormat(locale, {
      timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', ...zone,
    }),
    calendarDay: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
    fullTexts: new Map(),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, f);
  return f;
}

export function dateFormats(ctx: DateContext): DateFormats {
  const f = formattersFor(ctx.locale, ctx.timeZone, !ctx.chosen);
  // Formatting today costs ~5 µs and every request asks (twice: request-locale.ts runs before and after the
  // settings); within one second the answer is the same, since zones change the date only on whole seconds.
  const second = Math.floor(ctx.now.getTime() / 1000);
  if (f.today?.second !== second) f.today = { second, day: f.day.format(ctx.now) };
  const today = f.today.day;
  return {
    today,
    short(date) {
      if (!date || Number.isNaN(date.getTime())) return '';
      const day = f.day.format(date);
      if (day === today) return f.time.format(date);
      if (day.slice(0, 4) === today.slice(0, 4)) return f.dayMonth.format(date);
      return f.date.format(date);
    },
    full(date) {
      const at = date?.getTime();
      if (at === undefined || Number.isNaN(at)) return '';
      let text = f.fullTexts.get(at);
      if (text === undefined) {
        if (f.fullTexts.size >= FULL_TEXTS_LIMIT) f.fullTexts.clear();
        f.fullTexts.set(at, (text = f.full.format(date)));
      }
      return text;
    },
    day(isoDay) {
      const date = new Date(`${isoDay}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? isoDay : f.calendarDay.format(date);
    },
  };
}
