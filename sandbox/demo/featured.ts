// The handful of messages the demo is shown with and the tests look for: one of each shape a
// webmail has to render (plain text with quotes, a newsletter with remote content, an inline
// image, attachments, a forwarded message).
import type { DemoMessage } from '../demo-mail.ts';
import { DEMO, PEOPLE } from './catalog.ts';
import { compose, rfc5322Date } from './compose.ts';
import type { DemoContext } from './context.ts';
import { demoFiles } from './attachments.ts';
import { newsletterHtml, newsletterText } from './newsletter.ts';

export async function featuredMessages(ctx: DemoContext): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const files = demoFiles();
  const out: DemoMessage[] = [];

  // The user's question in Sent and Alice's reply in INBOX, linked by In-Reply-To.
  const originId = ctx.id('lunch', me.address.split('@')[1]);
  const originDate = ctx.ago(1, 5, 48);
  const originText = `Hi Alice,\n\n${DEMO.phrases.plainQuote} near the station on Thursday?\nI heard the queue is short before 12:30.\n\n${me.name}\n`;
  out.push({
    mailbox: ['Sent'],
    flags: ['\\Seen'],
    date: originDate,
    raw: await compose({ from: me, to: [PEOPLE.alice], subject: DEMO.subjects.sentOrigin, date: originDate, messageId: originId, text: originText }, random),
  });
  const replyDate = ctx.ago(0, 2, 17);
  out.push({
    mailbox: ['INBOX'],
    flags: [],
    date: replyDate,
    raw: await compose(
      {
        from: PEOPLE.alice,
        to: [me],
        subject: DEMO.subjects.plain,
        date: replyDate,
        messageId: ctx.id('lunch-reply'),
        inReplyTo: originId,
        references: [originId],
        text:
          `Hi ${me.name},\n\nThursday works for me. The menu is online:\n${DEMO.phrases.plainUrl}\n` +
          'They have a vegetarian set, so Eve can come along too.\n\n' +
          "12:30 at the door? I'll book a table for four.\n\nAlice\n\n" +
          `On ${rfc5322Date(originDate, me.tz)}, ${me.name} <${me.address}> wrote:\n` +
          originText.replace(/^/gm, '> ').replace(/> $/, '').replace(/^> $/gm, '>'),
      },
      random,
    ),
  });

  const newsDate = ctx.ago(0, 9, 3);
  out.push({
    mailbox: ['INBOX'],
    flags: ['\\Seen'],
    date: newsDate,
    raw: await compose(
      {
        from: PEOPLE.newsletter,
        to: [me],
        subject: DEMO.subjects.newsletter,
        date: newsDate,
        messageId: ctx.id('newsletter-42'),
        text: newsletterText(),
        html: newsletterHtml(),
        headers: {
          'List-Id': 'The Postern Post <post.newsletter.example.com>',
          'List-Unsubscribe': '<https://newsletter.example.com/unsubscribe?u=7f3a9c>, <mailto:unsubscribe@newsletter.example.com?subject=unsubscribe>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          Precedence: 'bulk',
        },
      },
      random,
    ),
  });

  const logoDate = ctx.ago(0, 5, 41);
  out.push({
    mailbox: ['INBOX'],
    flags: ['\\Flagged'],
    date: logoDate,
    raw: await compose(
      {
        from: PEOPLE.design,
        to: [me],
        cc: [PEOPLE.alice],
        subject: DEMO.subjects.inlineImage,
        date: logoDate,
        messageId: ctx.id('logo'),
        text: `Hi ${me.name},\n\n[Postern logo]\n\n${DEMO.phrases.inlineImage}: it is sent as a related part, so it shows\nwithout loading anything from the internet.\n\nPriya\n`,
        html:
          '<div style="font-family: Georgia, serif; font-size: 15px; color: #222">' +
          `<p>Hi ${me.name},</p>` +
          `<p><img src="cid:${DEMO.contentIds.logo}" alt="Postern logo" width="48" height="48" style="border-radius: 24px"></p>` +
          `<p><b>${DEMO.phrases.inlineImage}</b>: it is sent as a related part, so it shows without loading anything from the internet.</p>` +
          '<p>Let me know if the blue is too dark next to the folder list.</p><p>Priya</p></div>',
        attachments: [{ ...files.logo, cid: DEMO.contentIds.logo }],
      },
      random,
    ),
  });

  const reportDate = ctx.ago(1, 1, 12);
  out.push({
    mailbox: ['INBOX'],
    flags: ['\\Seen', '\\Flagged', '\\Answered'],
    date: reportDate,
    raw: await compose(
      {
        from: PEOPLE.bob,
        to: [me],
        subject: DEMO.subjects.attachments,
        date: reportDate,
        messageId: ctx.id('q3-report'),
        text:
          `Hi ${me.name},\n\nAs promised, ${DEMO.phrases.attachments}:\n\n` +
          `  - ${files.report.filename}: the numbers for the board\n` +
          `  - ${files.screenshot.filename}: the inbox after the redesign\n` +
          `  - ${files.source.filename}: the helper functions we talked about\n\nCheers,\nBob\n`,
        attachments: [files.report, files.screenshot, files.source].map((f) => ({ ...f, contentDisposition: 'attachment' })),
      },
      random,
    ),
  });

  // message/rfc822 forwarding (RFC 2046 section 5.2.1): the inner message keeps its own
  // headers, text and attachment, which the reader has to render as a nested message.
  const innerDate = ctx.ago(3, 4, 30);
  const inner = await compose(
    {
      from: PEOPLE.maria,
      to: [PEOPLE.bob],
      subject: DEMO.subjects.forwardedInner,
      date: innerDate,
      messageId: ctx.id('contract'),
      text: `Hola Bob,\n\nthe contract is signed on our side. ${DEMO.phrases.forwardedInner},\nweek by week.\n\nUn saludo,\nMaría\n`,
      attachments: [{ ...files.chart, filename: DEMO.attachments.forwardedInner }],
    },
    random,
  );
  const forwardDate = ctx.ago(2, 6, 2);
  out.push({
    mailbox: ['INBOX'],
    flags: ['\\Seen'],
    date: forwardDate,
    raw: await compose(
      {
        from: PEOPLE.bob,
        to: [me],
        subject: DEMO.subjects.forwarded,
        date: forwardDate,
        messageId: ctx.id('contract-fwd'),
        text: `${me.name},\n\nI am ${DEMO.phrases.forwardedOuter}, attachment included.\n\nBob\n`,
        attachments: [
          { content: inner, contentType: 'message/rfc822', filename: `${DEMO.subjects.forwardedInner}.eml`, contentDisposition: 'attachment' },
        ],
      },
      random,
    ),
  });
  return out;
}
