// Dates in the reader's zone and locale: "today" and "this year" are days there, not on the server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateFormats } from '../../src/http/presenters/dates.ts';

// 03:00 UTC on 3 November 2026 is 22:00 on 2 November in New York (EST, UTC-5, after DST ended on 1 November).
const now = new Date('2026-11-03T03:00:00Z');
const utc = dateFormats({ locale: 'en-GB', timeZone: 'UTC', chosen: false, now });
const newYork = dateFormats({ locale: 'en-GB', timeZone: 'America/New_York', chosen: true, now });

describe('dates in the reader’s zone', () => {
  it('shows the time for a message of today in the zone', () => {
    const halfPastTwo = new Date('2026-11-03T02:30:00Z');
    assert.equal(utc.short(halfPastTwo), '02:30 UTC', 'UTC until chosen, and says so');
    assert.equal(newYork.short(halfPastTwo), '21:30');
  });

  it('counts a message as today or not by the day in the zone, not in UTC', () => {
    const lateEvening = new Date('2026-11-02T23:30:00Z'); // 18:30 on 2 November in New York: today there
    assert.equal(utc.short(lateEvening), '2 Nov');
    assert.equal(newYork.short(lateEvening), '18:30');
    const justAfterMidnight = new Date('2026-11-03T00:30:00Z'); // 19:30 on 2 November in New York: today in both
    assert.equal(utc.short(justAfterMidnight), '00:30 UTC');
    assert.equal(newYork.short(justAfterMidnight), '19:30');
  });

  it('counts the year in the zone: New Year’s Eve in New York is last year', () => {
    const newYear = new Date('2027-01-01T02:00:00Z');
    const early = dateFormats({ locale: 'en-GB', timeZone: 'America/New_York', chosen: true, now: new Date('2027-01-01T04:00:00Z') });
    assert.equal(early.short(newYear), '21:00', 'still 31 December, today, in New York');
    const later = dateFormats({ locale: 'en-GB', timeZone: 'America/New_York', chosen: true, now: new Date('2027-01-02T12:00:00Z') });
    assert.equal(later.short(newYear), '31/12/2026');
  });

  it('writes dates as the locale does', () => {
    const de = dateFormats({ locale: 'de-DE', timeZone: 'Europe/Berlin', chosen: true, now });
    assert.equal(de.short(new Date('2026-05-04T10:00:00Z')), '4. Mai');
    assert.equal(de.short(new Date('2025-05-04T10:00:00Z')), '04.05.2025');
    assert.match(de.full(new Date('2026-11-02T23:30:00Z')), /^Di\.?, 3\. Nov\.? 2026.*00:30$/);
    assert.match(newYork.full(new Date('2026-11-03T02:30:00Z')), /^Mon,? 2 Nov 2026,? 21:30$/);
    assert.match(utc.full(new Date('2026-11-03T02:30:00Z')), /^Tue,? 3 Nov 2026,? 02:30 UTC$/);
  });

  it('gives nothing for a missing or invalid date', () => {
    assert.equal(newYork.short(undefined), '');
    assert.equal(newYork.full(new Date(Number.NaN)), '');
  });
});
