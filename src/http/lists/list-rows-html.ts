// The mailbox list's rows as HTML, remembered. A warm inbox page costs no IMAP command, so what is left is Postern's
// own CPU, and half of it went into the 50 rows: an EJS include per row (each copies every local of the page and
// asks the disk whether the file exists), the presenters, Intl dates and t(). Here the row partial is compiled once
// and called directly, and the rows of a list shown before are reused when nothing they are made from has changed.
//
// The memo's key is a SHA-256 of everything the rows are made from, the data itself included (every field of the
// page's message or conversation summaries, as the cache holds them now: list-rows-key.ts), not a version number
// that some path could forget to bump: new mail, a flag set by another client, a label renamed, another language, zone or page size, a
// new day ("10:32" becomes "30 Nov") all make another key. The account is in it too, so no two users share rows.
// Bounded by bytes for the whole process, not per session: a person's repeated page is the case worth keeping, and
// 1,000 idle sessions must not each hold a page of HTML (memory per session, DESIGN.md). Outside the sessions'
// cache budget (postern_cache_bytes): a fixed 4 MB.
import { hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { RequestLocale } from '../i18n/request-locale.ts';
import { rowsKeyText, type RowsSource } from './list-rows-key.ts';
import type { Translate } from '../i18n/translator.ts';
import type { MessageRow } from '../presenters/message-rows.ts';

export type { RowsSource } from './list-rows-key.ts';

/** The rows as HTML, built with `build` unless the same rows were rendered before. */
export type RenderRows = (source: RowsSource, build: () => MessageRow[]) => string;

type RowTemplate = (locals: { m: MessageRow; t: Translate }) => string;

// About 45 KB of HTML a page of 50 rows (twice that when a subject needs UTF-16): some 90 pages, enough for the
// 20 users at once of the benchmark, and at most 4 KB a session where 1,000 are signed in.
const MAX_BYTES = 4 << 20;
// V8 keeps a string of Latin-1 characters in one byte each, any other in two.
const WIDE = /[^\u0000-\u00ff]/;
const remembered = new Map<string, string>();
let rememberedBytes = 0;

const templates = new Map<string, RowTemplate>();

/** views/partials/message-row.ejs compiled once per views directory, as Express would, for direct calls. */
export function rowTemplate(views: string): RowTemplate {
  let template = templates.get(views);
  if (!template) {
    const filename = path.join(views, 'partials', 'message-row.ejs');
    // Only `m` and `t` are read: without `with (locals)` every name in the template is a plain variable.
    template = ejs.compile(fs.readFileSync(filename, 'utf8'), { filename, _with: false, destructuredLocals: ['m', 't'] }) as RowTemplate;
    templates.set(views, template);
  }
  return template;
}

/** The rows as views/partials/message-list.ejs writes them: each row's partial on a line of its own. */
export function rowsHtml(rows: MessageRow[], template: RowTemplate, t: Translate): string {
  let html = '';
  for (const m of rows) html += `\n  ${template({ m, t })}\n`;
  return html;
}

/** The renderer of one request: `account` is the signed-in user, `views` Express's views directory. */
export function listRowsRenderer(account: string, locale: RequestLocale, views: string): RenderRows {
  const template = rowTemplate(views);
  return (source, build) => {
    const key = hash('sha256', rowsKeyText([account, locale.language, locale.locale, locale.timeZone, locale.timeZoneChosen, locale.dates.today], source));
    const known = remembered.get(key);
    if (known !== undefined) {
      // Most recently used last: Map keeps insertion order.
      remembered.delete(key);
      remembered.set(key, known);
      return known;
    }
    const html = rowsHtml(build(), template, locale.t);
    remember(key, html);
    return html;
  };
}

const sizeOf = (html: string) => (WIDE.test(html) ? 2 : 1) * html.length;

function remember(key: string, html: string): void {
  const bytes = sizeOf(html);
  if (bytes > MAX_BYTES / 8) return;
  remembered.set(key, html);
  rememberedBytes += bytes;
  for (const [oldest, value] of remembered) {
    if (rememberedBytes <= MAX_BYTES) break;
    remembered.delete(oldest);
    rememberedBytes -= sizeOf(value);
  }
}

/** Forgets every remembered list (tests: a page rendered afresh must equal the remembered one). */
export function forgetRows(): void {
  remembered.clear();
  rememberedBytes = 0;
}
