// Non-ASCII mail: RFC 2047 headers in several scripts and bodies in the charsets mail still
// arrives in. UTF-8 goes through MailComposer; the legacy charsets are built by hand with
// their own bytes and their own encoded-words, as the mailers that still send them do.
import type { DemoMessage } from '../demo-mail.ts';
import { DEMO, PEOPLE } from './catalog.ts';
import { CHARSET_LABEL, encode, encodeWords, type LegacyCharset } from './charsets.ts';
import { compose, handBuilt, rfc5322Date, type Person } from './compose.ts';
import type { DemoContext } from './context.ts';

const [utf8Qp, utf8Base64, latin1, cp1252, koi8r, iso2022jp, shiftJis] = DEMO.charsets;

const BODIES: Record<LegacyCharset, { from: Person; text: string; mode: 'B' | 'Q'; seen: boolean }> = {
  'iso-8859-1': {
    from: PEOPLE.francois,
    mode: 'Q',
    seen: true,
    text: `Bonjour à tous,\n\n${latin1.phrase} de jeudi :\n\n  * le prototype est prêt pour la démo ;\n  * la traduction française est presque terminée ;\n  * prochaine réunion : mardi à 14 h, salle « Léman ».\n\nÀ bientôt,\nFrançois\n`,
  },
  'windows-1252': {
    from: PEOPLE.bjoern,
    mode: 'Q',
    seen: true,
    text: `Hallo,\n\nanbei die Rechnung Nr. 2026-017 … bitte kurz prüfen.\n\n${cp1252.phrase} am 31. März.\n„Zahlbar ohne Abzug“ – wie immer.\n\nViele Grüße\nBjörn Weiß\n`,
  },
  'koi8-r': {
    from: PEOPLE.ivan,
    mode: 'B',
    seen: true,
    text: `${koi8r.phrase}, цифры за квартал в приложенной таблице.\n\nВыручка выросла на 12 %, расходы остались на прежнем уровне.\nВопросы обсудим в пятницу.\n\nС уважением,\nИван Петров\n`,
  },
  'iso-2022-jp': {
    from: PEOPLE.taro,
    mode: 'B',
    seen: false,
    text: `皆様\n\nお疲れ様です。山田です。\n第3回会議の${iso2022jp.phrase}。\n\n・リリース日は4月1日に決定\n・テストは来週から開始\n\nよろしくお願いいたします。\n山田 太郎\n`,
  },
  shift_jis: {
    from: PEOPLE.ken,
    mode: 'B',
    seen: true,
    text: `ご担当者様\n\nいつもお世話になっております。佐藤です。\nご依頼の件、${shiftJis.phrase}。\nご確認のほど、よろしくお願いいたします。\n\n佐藤 健\n`,
  },
};

export async function internationalMessages(ctx: DemoContext): Promise<DemoMessage[]> {
  const { me, random } = ctx;
  const out: DemoMessage[] = [];

  const utf8QpDate = ctx.ago(0, 7, 55);
  out.push({
    mailbox: ['INBOX'],
    flags: [],
    date: utf8QpDate,
    raw: await compose(
      {
        from: PEOPLE.juergen,
        to: [me],
        cc: [PEOPLE.hanako, PEOPLE.olga],
        subject: utf8Qp.subject,
        date: utf8QpDate,
        messageId: ctx.id('gruesse'),
        textEncoding: 'quoted-printable',
        text:
          `Hallo ${me.name},\n\nviele Grüße aus München! Hanako ist gerade in 東京 und Olga schreibt aus Москва.\n` +
          'Die Präsentation für Straße & Söhne ist fertig – Übergabe am Donnerstag.\n\n' +
          '花子さん: 会議は木曜日の10時からです。\nОльга: встреча в четверг в 10:00.\n\n' +
          `${DEMO.phrases.nonAscii}\nJürgen 🚀\n`,
      },
      random,
    ),
  });

  const utf8Base64Date = ctx.ago(4, 3, 10);
  out.push({
    mailbox: ['INBOX'],
    flags: ['\\Seen'],
    date: utf8Base64Date,
    raw: await compose(
      {
        from: PEOPLE.sofia,
        to: [me],
        subject: utf8Base64.subject,
        date: utf8Base64Date,
        messageId: ctx.id('polyglot'),
        textEncoding: 'base64',
        text:
          `${utf8Base64.phrase}!\n\nΤο μήνυμα αυτό έχει τρεις γραφές:\n\n` +
          '中文：你好，我们下周在雅典见面。\nالعربية: مرحبا، نلتقي الأسبوع المقبل في أثينا.\n\nΦιλικά,\nΣοφία\n',
      },
      random,
    ),
  });

  const legacy = [
    [latin1, 'reunion', 5],
    [cp1252, 'rechnung', 6],
    [koi8r, 'otchet', 8],
    [iso2022jp, 'gijiroku', 3],
    [shiftJis, 'mitsumori', 10],
  ] as const;
  for (const [sample, slug, days] of legacy) {
    const charset = sample.charset;
    const { from, text, mode, seen } = BODIES[charset];
    const date = ctx.ago(days, random.int(0, 12), random.int(0, 59));
    out.push({
      mailbox: ['INBOX'],
      flags: seen ? ['\\Seen'] : [],
      date,
      raw: handBuilt({
        headers: [
          ['From', `${encodeWords(from.name, charset, mode)} <${from.address}>`],
          ['To', `${me.name} <${me.address}>`],
          ['Subject', encodeWords(sample.subject, charset, mode)],
          ['Date', rfc5322Date(date, from.tz)],
          ['Message-ID', ctx.id(slug)],
        ],
        contentType: `text/plain; charset=${CHARSET_LABEL[charset]}`,
        transferEncoding: sample.transferEncoding,
        body: encode(text.replace(/\n/g, '\r\n'), charset),
      }),
    });
  }
  return out;
}
