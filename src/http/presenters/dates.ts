// Dates as a mail list shows them: time for today, day and month this year, the full date before that.

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const full = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function shortDate(date: Date | undefined, now: Date): string {
  if (!date) return '';
  if (date.toDateString() === now.toDateString()) return time.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayMonth.format(date);
  return date.toISOString().slice(0, 10);
}

export function fullDate(date: Date | undefined): string {
  return date ? full.format(date) : '';
}
