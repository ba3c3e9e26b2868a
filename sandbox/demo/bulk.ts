// Enough ordinary mail to page through: notifications, receipts, list traffic and notes from
// friends over two years, skewed towards recent weeks as a real inbox is. Sizes vary from a
// line to tens of kilobytes so sorting by size means something; a few carry attachments.
import type { MailComposerAttachment } from 'nodemailer/lib/mail-composer';
import type { DemoMessage } from '../demo-mail.ts';
import { PEOPLE } from './catalog.ts';
import { compose, type Person } from './compose.ts';
import type { DemoContext } from './context.ts';
import { demoFiles } from './attachments.ts';

const FRIENDS: Person[] = [
  ['Hannah Becker', 'hannah.becker@example.de', 60], ['Lucas Silva', 'lucas@example.com.br', -180],
  ['Aisha Khan', 'aisha.khan@example.org', 300], ['Mateo Rossi', 'mateo.rossi@example.it', 60],
  ['Ingrid Larsen', 'ingrid@example.no', 60], ['Kenji Watanabe', 'kenji@example.jp', 540],
  ['Zoë Clarke', 'zoe.clarke@example.co.uk', 0], ['Oluwaseun Adeyemi', 'seun@example.ng', 60],
  ['Mei Chen', 'mei.chen@example.cn', 480], ['Sam Taylor', 'sam@example.com', -300],
  ['Nadia Haddad', 'nadia@example.lb', 120], ['Piotr Zieliński', 'piotr@example.pl', 60],
].map(([name, address, tz]) => ({ name, address, tz }) as Person);

const TOPICS = [
  'Photos from the weekend', 'Book recommendation', 'Dinner next week?', 'Running club schedule',
  'Moving boxes', 'Birthday plans', 'That article about mail servers', 'Board game night',
  'Holiday rental', 'Quick question about the flat', 'Concert tickets', 'Garden update',
];
const LIST_TOPICS = [
  'Proposal: drop support for IMAP servers without UIDPLUS', 'Flaky test in mailbox pagination',
  'RFC 9051 migration notes', 'How do we cache BODYSTRUCTURE?', 'Release checklist review',
  'Sanitizer: allow <details>?', 'Benchmark numbers for 100k mailboxes', 'Docs: deploying behind nginx',
];
const PR_TITLES = [
  'Fix off-by-one in page ranges', 'Use ESEARCH when the server has it', 'Stream attachments without buffering',
  'Add folder subscribe toggle', 'Escape mailbox names in redirects', 'Bump imapflow', 'Retry SMTP on 421',
];
const SENTENCES = [
  'Let me know what you think.', 'I have attached the details below.', 'No rush on this one.',
  'We talked about this briefly last week.', 'The numbers look better than expected.',
  'I will be out of office on Friday.', 'Could you double-check the dates?', 'Thanks again for your help!',
  'This should be the last change before the release.', 'Happy to discuss it over coffee.',
  'The link expires in seven days.', 'See you soon.', 'I forgot to mention the parking situation.',
  'There is a new version of the document.', 'Please ignore the previous message.',
  'It took longer than planned, but it works now.', 'The meeting room changed to the third floor.',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Draft { from: Person; subject: string; text: string; headers?: Record<string, string>; personal?: boolean }

export async function bulkMessages(ctx: DemoContext, count: number): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const files = demoFiles();
  const paragraphs = (min: number, max: number): string =>
    Array.from({ length: random.int(min, max) }, () =>
      Array.from({ length: random.int(1, 4) }, () => random.pick(SENTENCES)).join(' '),
    ).join('\n\n');

  const kinds: (() => Draft)[] = [
    () => {
      const friend = random.pick(FRIENDS);
      const first = friend.name.split(' ')[0] ?? friend.name;
      return { from: friend, subject: random.pick(TOPICS), text: `Hi ${me.name},\n\n${paragraphs(1, 4)}\n\n${first}`, personal: true };
    },
    () => {
      const n = random.int(150, 480);
      return random.chance(0.5)
        ? { from: PEOPLE.github, subject: `[postern/postern] ${random.pick(PR_TITLES)} (#${n})`, text: `A pull request was updated.\n\n${paragraphs(1, 2)}\n\nView it at https://git.example.com/postern/postern/pull/${n}` }
        : { from: PEOPLE.github, subject: `[postern/postern] CI failed on main (${random.hex(4).slice(0, 7)})`, text: `Job "test" failed after ${random.int(2, 14)} minutes.\n\nnot ok ${random.int(1, 300)} - keeps the draft when SMTP refuses the message\n\nLogs: https://ci.example.com/runs/${random.int(10000, 99999)}` };
    },
    () => {
      const order = random.int(10000, 99999);
      return { from: PEOPLE.shop, subject: random.pick([`Your order #${order} has shipped`, `Your order #${order} was delivered`, `Thanks for your order #${order}`]), text: `Hello ${me.name},\n\nOrder #${order}: ${random.int(1, 4)} item(s), total EUR ${random.int(5, 300)}.${String(random.int(0, 99)).padStart(2, '0')}.\nTrack it at https://shop.example.net/orders/${order}\n\nExample Shop` };
    },
    () => ({ from: PEOPLE.bank, subject: `Your statement for ${random.pick(MONTHS)} is ready`, text: `Dear customer,\n\nyour monthly statement is available in online banking.\nWe will never ask for your password by email.\n\nExample Bank` }),
    () => {
      const author = random.pick([...FRIENDS.slice(0, 6), PEOPLE.devList]);
      return {
        from: author,
        subject: `${random.chance(0.4) ? 'Re: ' : ''}[postern-dev] ${random.pick(LIST_TOPICS)}`,
        text: `${paragraphs(2, 7)}\n\n-- \n${author.name}\n_______________________________________________\npostern-dev mailing list\nhttps://lists.example.org/postern-dev`,
        headers: { 'List-Id': 'Postern development <postern-dev.lists.example.org>', 'List-Post': '<mailto:postern-dev@lists.example.org>' },
      };
    },
    () => ({ from: PEOPLE.calendar, subject: `Invitation: ${random.pick(['Sprint review', 'Team lunch', '1:1', 'Planning poker', 'All hands'])} @ ${random.int(1, 28)} ${random.pick(MONTHS)}`, text: `You have been invited.\n\nWhere: Room ${random.int(1, 5)}.${random.int(1, 20)}\nJoin online: https://meet.example.com/${random.hex(5)}` }),
    () => ({ from: PEOPLE.newsletter, subject: `Weekly digest: ${random.int(3, 40)} new posts`, text: `This week on the blog:\n\n${paragraphs(8, 120)}\n\nUnsubscribe: https://newsletter.example.com/unsubscribe?u=7f3a9c` }),
  ];
  const weights = [30, 20, 12, 6, 18, 8, 6];

  const out: DemoMessage[] = [];
  const span = 730 * 24 * 60; // minutes in two years
  for (let i = 0; i < count; i++) {
    let roll = random.int(1, weights.reduce((a, b) => a + b));
    const kind = kinds[weights.findIndex((w) => (roll -= w) <= 0)] ?? kinds[0]!;
    const draft = kind();
    // r^1.5 puts about 7% of the mail in the last fortnight and thins out towards two years.
    const date = ctx.ago(0, 1, Math.floor(span * random.next() ** 1.5));
    const recent = ctx.now.getTime() - date.getTime() < 3 * 86_400_000;
    const flags = [
      ...(random.chance(recent ? 0.4 : 0.97) ? ['\\Seen'] : []),
      ...(random.chance(0.04) ? ['\\Flagged'] : []),
      ...(draft.personal && random.chance(0.3) ? ['\\Answered'] : []),
    ];
    const attachments: MailComposerAttachment[] = [];
    if (random.chance(0.04)) {
      const file = random.pick([files.chart, files.report, { filename: `export-${i}.csv`, contentType: 'text/csv', content: Buffer.from('date,amount\r\n2025-01-01,12.50\r\n2025-01-02,7.10\r\n') }]);
      attachments.push({ ...file, contentDisposition: 'attachment' });
    }
    out.push({
      mailbox: ['INBOX'],
      flags,
      date,
      raw: await compose({ from: draft.from, to: [me], subject: draft.subject, date, messageId: ctx.id(`bulk-${i + 1}`), text: draft.text + '\n', attachments, ...(draft.headers ? { headers: draft.headers } : {}) }, random),
    });
  }
  return out;
}
