// The second demo mailbox: an "old provider" account that only speaks POP3 (issue 11), for trying "other
// accounts" against. A few letters with Received headers, as delivered mail has, so the fetched copies get their
// arrival times as internal dates.
import type { DemoMessage } from '../demo-mail.ts';
import { PEOPLE } from './catalog.ts';
import { compose, rfc5322Date, type Person } from './compose.ts';
import type { DemoContext } from './context.ts';

export const POP3_DEMO_SUBJECTS = [
  'Your mailbox at Old ISP is moving',
  'Photos from the weekend',
  'Invoice 2026-117',
  'Re: Are you still using this address?',
  'Newsletter: the last issue',
];

export async function pop3DemoMessages(ctx: DemoContext): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const { alice, bob, shop, devList } = PEOPLE;
  const isp: Person = { name: 'Old ISP Support', address: 'support@old-isp.example', tz: 0 };
  const senders = [isp, alice, shop, bob, devList];
  const texts = [
    'Dear customer,\n\nour mail service keeps POP3 only from next month on. Fetch your mail into your new\naccount with any client that speaks POP3.\n\nOld ISP',
    'Hi!\n\nThe photos are in the shared album, link in the chat.\n\nAlice',
    'Thank you for your order.\n\nInvoice 2026-117, total 42.00 EUR, paid.\n',
    'Yes, still here, but not for long: write to my new address from now on.\n\nBob',
    'This is the last issue sent to this address.\n\n.Lines starting with a dot survive POP3 too.\n',
  ];
  const out: DemoMessage[] = [];
  for (const [i, subject] of POP3_DEMO_SUBJECTS.entries()) {
    const from = senders[i]!;
    const date = ctx.ago(20 - i * 4, i);
    const arrived = new Date(date.getTime() + random.int(1, 30) * 60_000);
    const raw = await compose({
      from,
      to: [{ ...me, address: `${me.address.split('@')[0]}@old-isp.example` }],
      subject,
      date,
      messageId: ctx.id(`pop3-${i}`),
      text: texts[i]!,
      headers: { Received: `from mx.old-isp.example by pop.old-isp.example; ${rfc5322Date(arrived, 0)}` },
    }, random);
    out.push({ mailbox: ['INBOX'], flags: [], date: arrived, raw });
  }
  return out;
}
