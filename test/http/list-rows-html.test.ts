// The rows memo's key (list-rows-html.ts), with a fake locale: what the integration test (list-rows.test.ts) cannot
// wait for, a new day ("10:32" becomes "30 Nov"), and what it cannot arrange, two accounts with the same mail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { forgetRows, listRowsRenderer } from '../../src/http/list-rows-html.ts';
import type { RequestLocale } from '../../src/http/i18n/request-locale.ts';
import type { MessageRow } from '../../src/http/presenters/message-rows.ts';

const VIEWS = path.join(import.meta.dirname, '..', '..', 'views');

const row = (subject: string): MessageRow => ({
  uid: 7, value: '7', id: 'm-7', href: '/message/INBOX/7', party: 'Ana', partyTitle: 'Ana <ana@example.com>', subject,
  count: undefined, countLabel: undefined, chips: [], date: '10:32', dateTitle: 'Mon, 30 Nov 2026, 10:32', datetime: '2026-11-30T10:32:00.000Z',
  size: '2 KB', unread: true, flagged: false, answered: false, hasAttachment: false, marksText: ', unread', selectLabel: 'Select', checked: false,
});

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
    const source = { shown: [{ uid: 7, subject: 'Lunch' }] };
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
    assert.match(monday({ shown: [{ uid: 7, subject: 'Dinner' }] }, build('Dinner')), /Dinner/);
    assert.equal(builds, 4, 'other data');
  });
});
