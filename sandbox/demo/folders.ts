// Mail outside INBOX: the user's own sent mail and draft, junk, trash, an archive, and a few
// messages filed into user folders, so every folder in the tree opens onto something real.
import type { MailComposerAttachment } from 'nodemailer/lib/mail-composer';
import type { DemoMessage } from '../demo-mail.ts';
import { DEMO, PEOPLE } from './catalog.ts';
import { compose, type Person } from './compose.ts';
import type { DemoContext } from './context.ts';
import { demoFiles } from './attachments.ts';

interface Filed {
  mailbox: string[];
  flags: string[];
  daysAgo: number;
  from?: Person; // the user when absent
  to?: Person[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailComposerAttachment[];
}

export async function folderMessages(ctx: DemoContext): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const files = demoFiles();
  const { alice, bob, eve, maria, spammer, phisher, hotel, rail, coffee, shop, devList } = PEOPLE;
  const partner: Person = { name: 'Robin Fischer', address: 'robin.fischer@example.com', tz: 60 };
  const landlord: Person = { name: 'Hausverwaltung Weber', address: 'verwaltung@weber.example.de', tz: 60 };
  const seen = ['\\Seen'];
  const filed: Filed[] = [
    { mailbox: ['Sent'], flags: seen, daysAgo: 3, to: [bob], subject: 'Slides for Friday', text: `Hi Bob,\n\nhere are the slides for Friday, the PDF has the speaker notes.\n\n${me.name}`, attachments: [files.report] },
    { mailbox: ['Sent'], flags: seen, daysAgo: 9, to: [landlord], subject: 'Re: Wohnungsbesichtigung am Samstag', text: 'Guten Tag,\n\nSamstag um 11 Uhr passt mir gut. Vielen Dank!\n\nMit freundlichen Grüßen' },
    { mailbox: ['Sent'], flags: seen, daysAgo: 21, to: [maria], subject: '¡Feliz cumpleaños! 🎂', text: 'Happy birthday, María! Have a wonderful day.' },
    { mailbox: ['Sent'], flags: seen, daysAgo: 40, to: [partner, alice], subject: 'Fwd: Train tickets', text: `Tickets for the trip are below.\n\n---------- Forwarded message ---------\nFrom: SBB Ticketshop <${rail.address}>\nSubject: Ihr Ticket\n\nZürich HB → Bern, 2. Klasse.` },
    { mailbox: ['Drafts'], flags: ['\\Seen', '\\Draft'], daysAgo: 0, to: [alice], subject: DEMO.subjects.draft, text: 'What went well:\n- the release went out on time\n- \n\nWhat to change:\n- ' },
    {
      mailbox: ['Junk'], flags: [], daysAgo: 1, from: spammer, subject: 'You have WON a €1,000,000 gift card!!!',
      text: 'Claim your prize now at http://claim.lottery.example.net/?id=7731',
      html: `<p style="font-size:28px;color:red">CONGRATULATIONS!!!</p><p><img src="https://${DEMO.remote.host}/spam/prize.jpg" width="400"></p><p><a href="http://claim.lottery.example.net/?id=7731">CLAIM NOW</a></p>`,
    },
    {
      mailbox: ['Junk'], flags: [], daysAgo: 4, from: phisher, subject: 'Urgent: verify your account within 24 hours',
      text: 'Your account will be suspended. Verify at http://paypa1.example.net/login',
      html: '<p>Dear user,</p><p>Your account will be suspended. <a href="http://paypa1.example.net/login">https://www.paypal.example.com/verify</a></p>',
    },
    { mailbox: ['Trash'], flags: seen, daysAgo: 12, from: devList, subject: 'Re: [postern-dev] Meeting moved', text: 'Never mind, the meeting is back on Tuesday.' },
    { mailbox: ['Trash'], flags: seen, daysAgo: 30, from: shop, subject: 'Last chance: 20% off everything', text: 'Offer ends tonight at midnight.' },
    { mailbox: ['Archive'], flags: seen, daysAgo: 400, from: bob, subject: 'Tax documents 2024', text: 'All the receipts are in the PDF.', attachments: [files.report] },
    { mailbox: ['Archive'], flags: seen, daysAgo: 500, from: eve, subject: 'Welcome to the team!', text: `Welcome aboard, ${me.name}! Your desk is next to the window.` },
    { mailbox: ['Archive'], flags: ['\\Seen', '\\Flagged'], daysAgo: 610, from: landlord, subject: 'Mietvertrag: Verlängerung bis 2027', text: 'Anbei die Verlängerung des Mietvertrags zur Unterschrift.' },
    { mailbox: ['Projects'], flags: seen, daysAgo: 15, from: alice, subject: 'Project kickoff notes', text: 'Goals, owners and dates for the next quarter are in the shared doc.' },
    { mailbox: ['Projects'], flags: [], daysAgo: 2, from: maria, subject: 'Budget for the next phase', text: 'Can we talk about the budget on Monday?' },
    { mailbox: ['Projects', 'Postern'], flags: seen, daysAgo: 5, from: PEOPLE.github, subject: '[postern/postern] Release 0.9.3 published', text: 'Release notes: https://git.example.com/postern/postern/releases/0.9.3' },
    { mailbox: ['Projects', 'Postern'], flags: seen, daysAgo: 8, from: PEOPLE.design, subject: 'Design review: folder tree', text: 'Collapsed folders keep their unread count visible.', attachments: [files.screenshot] },
    { mailbox: ['Projects', 'Postern'], flags: ['\\Seen', '\\Flagged'], daysAgo: 11, from: eve, subject: 'Staging credentials rotated', text: 'The staging IMAP password changed; the new one is in the vault.' },
    { mailbox: ['Projects', 'Postern'], flags: [], daysAgo: 1, from: devList, subject: 'Benchmark: 100k messages, page time flat', text: 'p50 38 ms, p99 95 ms at 100,000 messages.' },
    { mailbox: ['Projects', 'Archive 2025'], flags: seen, daysAgo: 300, from: alice, subject: '2025 retrospective', text: 'Thanks for a great year.' },
    { mailbox: ['Projects', 'Archive 2025'], flags: seen, daysAgo: 350, from: bob, subject: 'Old server decommissioned', text: 'mail1.example.com is switched off.' },
    { mailbox: ['Receipts'], flags: seen, daysAgo: 6, from: coffee, subject: 'Your receipt from Example Coffee', text: '1 flat white, 1 croissant: USD 7.40' },
    { mailbox: ['Receipts'], flags: seen, daysAgo: 25, from: PEOPLE.bjoern, subject: 'Rechnung März 2026', text: 'Anbei die Rechnung als PDF.', attachments: [{ ...files.report, filename: DEMO.attachments.nonAsciiPdf }] },
    { mailbox: ['Receipts'], flags: seen, daysAgo: 60, from: shop, subject: 'Order confirmation #A-1029', text: 'Thank you for your order.' },
    { mailbox: ['Reisen – Zürich'], flags: seen, daysAgo: 45, from: hotel, subject: 'Ihre Buchungsbestätigung – Hotel Zürichsee', text: 'Grüezi! Wir freuen uns auf Ihren Aufenthalt vom 12. bis 14. Mai.' },
    { mailbox: ['Reisen – Zürich'], flags: seen, daysAgo: 44, from: rail, subject: 'Ihr Ticket: Zürich HB → Bern', text: 'Gültig am 13. Mai, 2. Klasse. Bitte Ausweis mitführen.' },
  ];
  const out: DemoMessage[] = [];
  for (const [i, f] of filed.entries()) {
    const date = ctx.ago(f.daysAgo, random.int(1, 10), random.int(0, 59));
    const from = f.from ?? me;
    const ownDomain = from === me ? me.address.split('@')[1] : undefined;
    out.push({
      mailbox: f.mailbox,
      flags: f.flags,
      date,
      raw: await compose(
        {
          from,
          to: f.to ?? [me],
          subject: f.subject,
          date,
          messageId: ctx.id(`filed-${i + 1}`, ownDomain),
          text: f.text + '\n',
          ...(f.html ? { html: f.html } : {}),
          attachments: (f.attachments ?? []).map((a) => ({ ...a, contentDisposition: 'attachment' })),
        },
        random,
      ),
    });
  }
  return out;
}
