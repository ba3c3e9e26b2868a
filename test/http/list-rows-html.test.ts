// The rows memo's key (list-rows-html.ts), with a fake locale: what the integration test (list-rows.test.ts) cannot
// wait for, a new day ("10:32" becomes "30 Nov"), and what it cannot arrange, two accounts with the same mail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { forgetRows, listRowsRenderer, type RowsSource } from '../../src/http/lists/list-rows-html.ts';
import { rowsKeyText } from '../../src/http/lists/list-rows-key.ts';
import type { MessageSummary } from '../../src/mail/reading/message-summary.ts';
import type { RequestLocale } from '../../src/http/i18n/request-locale.ts';
import type { MessageRow } from '../../src/http/presenters/message-rows.ts';

const VIEWS = path.join(import.meta.dirname, '..', '..', 'views');

const row = (subject: string): MessageRow => ({
  uid: 7, value: '7', id: 'm-7', href: '/message/INBOX/7', party: 'Ana', partyTitle: 'Ana <ana@example.com>', subject,
  count: undefined, countLabel: undefined, chips: [], date: '10:32', dateTitle: 'Mon, 30 Nov 2026, 10:32', datetime: '2026-11-30T10:32:00.000Z',
  size: '2 KB', unread: true, flagged: false, answered: false, hasAttachment: false, marksText: ', unread', selectLabel: 'Select', checked: false,
});

const summary = (subject: string): MessageSummary => ({
  uid: 7, from: [{ name: 'Ana', address: 'ana@example.com' }], to: [], subject, date: new Date('2026-11-30T10:32:00Z'), size: 2048,
  seen: false, flagged: false, answered: false, draft: false, hasAttachment: false, keywords: [],
});
const messages = (subject: string): RowsSource => ({ conversations: false, shown: [summary(subject)], options: { mailbox: 'INBOX' } });

function locale(today: string): RequestLocale {
  return {
    language: 'en', locale: 'en-GB', timeZone: 'UTC', timeZoneChosen: false, theme: 'system', t: (key) => key, size: String,
    dates: { today, short: () => '', full: () => '', day: () => '' },
  };
}

describe('the rows memo', () => {
  it('renders again on a new day, for another account and for other data, and not otherwise', () => {
    forgetRows();
    let builds = 0;
    const build = (subject: string) => () => (builds++, [row(subject)]);
    const source = messages('Lunch');
    const monday = listRowsRenderer('ana', locale('2026-11-30'), VIEWS);
    const html = monday(source, build('Lunch'));
    assert.match(html, /^\n  \n<li class="msg unread" data-uid="7">[\s\S]*Lunch[\s\S]*<\/li>\n+$/);
    assert.equal(monday(source, build('Lunch')), html);
    assert.equal(listRowsRenderer('ana', locale('2026-11-30'), VIEWS)(source, build('Lunch')), html);
    assert.equal(builds, 1);
    listRowsRenderer('ana', locale('2026-12-01'), VIEWS)(source, build('Lunch'));
    assert.equal(builds, 2, 'a new day');
    listRowsRenderer('bob', locale('2026-11-30'), VIEWS)(source, build('Lunch'));
    assert.equal(builds, 3, 'another account');
    assert.match(monday(messages('Dinner'), build('Dinner')), /Dinner/);
    assert.equal(builds, 4, 'other data');
  });

  it('writes every field of a summary into the key, and a text cannot pass for the fields after it', () => {
    const base = summary('Lunch');
    const key = (m: MessageSummary) => rowsKeyText(['ana'], { conversations: false, shown: [m], options: {} });
    const changed: Partial<MessageSummary>[] = [
      { uid: 8 }, { from: [{ name: 'Ana B', address: 'ana@example.com' }] }, { to: [{ name: '', address: 'bo@example.com' }] },
      { subject: 'Dinner' }, { date: new Date('2026-11-30T10:33:00Z') }, { date: undefined }, { size: 2049 }, { seen: true },
      { flagged: true }, { answered: true }, { draft: true }, { hasAttachment: true }, { keywords: ['$label1'] },
    ];
    // Every field of the type is changed once above: a new field must be added here and to the key.
    assert.deepEqual(new Set(changed.flatMap((c) => Object.keys(c))), new Set(Object.keys(base)));
    for (const change of changed) assert.notEqual(key({ ...base, ...change }), key(base), JSON.stringify(change));
    const twoNames = key({ ...base, from: [{ name: 'a', address: 'b' }, { name: 'c', address: 'd' }] });
    assert.notEqual(key({ ...base, from: [{ name: 'a', address: 'b1:c1:d' }] }), twoNames);
  });
});
