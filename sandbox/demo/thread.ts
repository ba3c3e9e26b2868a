// A twelve-message discussion that branches: each reply carries In-Reply-To and the full
// References chain (RFC 5322 section 3.6.4), so a reader can rebuild the tree from headers alone.
// Dmitri's Outlook-style "RE:" checks that subject normalisation is case-insensitive.
import type { DemoMessage } from '../demo-mail.ts';
import { DEMO, PEOPLE } from './catalog.ts';
import { compose, rfc5322Date, type Person } from './compose.ts';
import type { DemoContext } from './context.ts';

const { alice, bob, chloe, dmitri, eve } = PEOPLE;

// [sender, index of the message replied to, new text]
const POSTS: [Person, number, string][] = [
  [alice, -1, "Hi all,\n\nlet's pin down the 1.0 release. My proposal:\n\n  1. feature freeze on the 20th\n  2. two weeks of bug fixing\n  3. release on the 3rd, a Tuesday\n\nAnything blocking that?"],
  [bob, 0, 'The freeze date works for me, but the IMAP reconnect bug (#212)\nneeds at least a week on its own.'],
  [chloe, 0, 'Translations: French and German are done, Japanese needs another\npass. Can we freeze the strings on the 18th?'],
  [alice, 1, 'Bob, can Dmitri pair with you on #212? Then a week should be enough.'],
  [dmitri, 2, 'Chloé, I can review the Japanese strings with Hanako on Monday.'],
  [bob, 3, "Yes, pairing helps. I'll book Wednesday and Thursday with Dmitri."],
  [eve, 3, "From the ops side: the staging servers are ready, but the Cyrus test\nbox needs an upgrade first. I'll do it this week."],
  [alice, 6, 'Thanks Eve. Could you also run the load test with 100k messages once\nCyrus is upgraded?'],
  [chloe, 4, 'Merci Dmitri ! Monday 10:00 works.'],
  [bob, 7, '#212 is fixed on the branch, Dmitri is reviewing. The load test can\nuse the new build.'],
  [dmitri, 9, 'Reviewed and merged. One follow-up issue for the reconnect backoff,\nnot a blocker.'],
  [alice, 10, "Great work, everyone. We are on track: freeze on the 20th, release on\nthe 3rd. I'll send the announcement draft tomorrow."],
];

export async function threadMessages(ctx: DemoContext): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const everyone = [alice, bob, chloe, dmitri, eve];
  const sent: { id: string; references: string[]; body: string; date: Date; from: Person }[] = [];
  const out: DemoMessage[] = [];
  let date = ctx.ago(6, 3, 20);
  for (const [index, [from, parentIndex, text]] of POSTS.entries()) {
    date = new Date(date.getTime() + random.int(90, 720) * 60_000);
    const parent = sent[parentIndex];
    const name = from.name.split(' ')[0] ?? from.name;
    const quote = parent
      ? `\n\nOn ${rfc5322Date(parent.date, parent.from.tz)}, ${parent.from.name} <${parent.from.address}> wrote:\n` +
        trimQuote(parent.body)
          .map((line) => (line.startsWith('>') || line === '' ? `>${line}` : `> ${line}`))
          .join('\n')
      : '';
    const body = `${text}\n\n${name}${quote}`;
    const id = ctx.id(`release-${index + 1}`);
    const references = parent ? [...parent.references, parent.id] : [];
    const prefix = !parent ? '' : from === dmitri ? 'RE: ' : 'Re: ';
    const others = everyone.filter((p) => p !== from);
    out.push({
      mailbox: ['INBOX'],
      flags: [
        ...(index < POSTS.length - 3 ? ['\\Seen'] : []),
        ...(index === 0 ? ['\\Flagged'] : []),
        ...(index === 7 ? ['\\Answered'] : []),
      ],
      date,
      raw: await compose(
        {
          from,
          to: [me, ...others.slice(0, 2)],
          cc: others.slice(2),
          subject: prefix + DEMO.threadSubject,
          date,
          messageId: id,
          ...(parent ? { inReplyTo: parent.id, references } : {}),
          text: body + '\n',
        },
        random,
      ),
    });
    sent.push({ id, references, body, date, from });
  }
  return out;
}

// People trim what they quote: keep the parent's text and one level of its quote, and drop
// the attribution line whose quote was cut away, as well as trailing empty quote lines.
function trimQuote(body: string): string[] {
  const lines = body.split('\n').filter((line) => !line.startsWith('>>'));
  while (lines.length > 0 && /^>?\s*$|^>.*wrote:$/.test(lines.at(-1) ?? '')) lines.pop();
  return lines;
}
