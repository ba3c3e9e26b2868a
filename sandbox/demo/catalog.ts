// The names tests and people look for in the demo mailbox, and the cast that sends it.
// Everything lives on example.* domains (RFC 2606) so no demo link or address is real.
import type { Person } from './compose.ts';

export const ID_DOMAIN = 'demo.postern.test';

export const DEMO = {
  subjects: {
    plain: 'Re: Lunch on Thursday?',
    newsletter: 'The Postern Post #42: faster search, darker mode',
    inlineImage: 'Our new logo, inline',
    attachments: 'Q3 report, screenshot and snippets',
    forwarded: 'Fwd: Signed contract and delivery chart',
    forwardedInner: 'Signed contract and delivery chart',
    nonAscii: 'Grüße aus München – 東京の会議 🚀 Привет из Москвы',
    draft: 'Notes for the retrospective',
    sentOrigin: 'Lunch on Thursday?',
  },
  /** Unique phrases inside bodies, for tests that render or search a message. */
  phrases: {
    plainUrl: 'https://www.example.com/menus/thursday',
    plainQuote: 'Shall we try the new ramen place',
    newsletterHeadline: 'Search is now three times faster',
    inlineImage: 'The logo above is inline',
    attachments: 'three files attached',
    forwardedOuter: 'forwarding the whole message so you have the original',
    forwardedInner: 'The chart of delivery dates is attached to this message',
    nonAscii: 'Schöne Grüße, よろしくお願いします, всего доброго 🌻',
  },
  contentIds: { logo: 'postern-logo@demo.postern.test' },
  attachments: {
    pdf: 'q3-report.pdf',
    png: 'inbox-screenshot.png',
    zip: 'postern-snippets.zip',
    gif: 'signal.gif',
    forwardedInner: 'delivery-chart.gif',
    nonAsciiPdf: 'Rechnung März 2026.pdf',
  },
  remote: {
    host: 'images.example.com',
    trackingPixel: 'https://images.example.com/t/open.gif?campaign=42&rcpt=7f3a9c',
  },
  /** One message per legacy or transfer-encoding case, each in INBOX; `phrase` is in its decoded body. */
  charsets: [
    { charset: 'utf-8', transferEncoding: 'quoted-printable', subject: 'Grüße aus München – 東京の会議 🚀 Привет из Москвы', phrase: 'Schöne Grüße' },
    { charset: 'utf-8', transferEncoding: 'base64', subject: 'Ελληνικά, 中文 και العربية στο ίδιο μήνυμα', phrase: 'Καλημέρα από την Αθήνα' },
    { charset: 'iso-8859-1', transferEncoding: 'quoted-printable', subject: "Réunion de l'équipe à Genève", phrase: 'Voilà le résumé de la réunion' },
    { charset: 'windows-1252', transferEncoding: 'quoted-printable', subject: '„Rechnung“ über 120 € – bitte prüfen', phrase: 'Betrag: 120,00 € – fällig' },
    { charset: 'koi8-r', transferEncoding: 'base64', subject: 'Отчёт за третий квартал', phrase: 'Добрый день! Отчёт готов' },
    { charset: 'iso-2022-jp', transferEncoding: '7bit', subject: '会議の議事録（第3回）', phrase: '議事録をお送りします' },
    { charset: 'shift_jis', transferEncoding: 'base64', subject: '見積書の送付について', phrase: '見積書を添付いたしました' },
  ],
  threadSubject: 'Release planning for 1.0',
  threadLength: 12,
  bulkCount: 400,
} as const;

const p = (name: string, address: string, tz: number): Person => ({ name, address, tz });

export const PEOPLE = {
  alice: p('Alice Martin', 'alice.martin@example.org', 60),
  bob: p('Bob Nakamura', 'bob@example.net', -420),
  chloe: p('Chloé Dubois', 'chloe.dubois@example.fr', 60),
  dmitri: p('Dmitri Ivanov', 'd.ivanov@example.com', 180),
  eve: p('Eve Okafor', 'eve.okafor@example.org', 0),
  maria: p('María García', 'maria.garcia@example.es', 60),
  juergen: p('Jürgen Müller', 'juergen.mueller@example.de', 60),
  hanako: p('山田 花子', 'hanako.yamada@example.jp', 540),
  olga: p('Ольга Смирнова', 'olga.smirnova@example.ru', 180),
  sofia: p('Σοφία Παπαδοπούλου', 'sofia@example.gr', 120),
  francois: p('François Lefèvre', 'francois.lefevre@example.fr', 60),
  bjoern: p('Björn Weiß', 'bjoern.weiss@example.de', 60),
  ivan: p('Иван Петров', 'ivan.petrov@example.ru', 180),
  taro: p('山田 太郎', 'taro.yamada@example.jp', 540),
  ken: p('佐藤 健', 'ken.sato@example.jp', 540),
  newsletter: p('The Postern Post', 'news@newsletter.example.com', -300),
  design: p('Priya Raman', 'priya@design.example.com', 330),
  github: p('Postern CI', 'notifications@ci.example.com', 0),
  shop: p('Example Shop', 'orders@shop.example.net', 60),
  bank: p('Example Bank', 'no-reply@bank.example.com', 60),
  calendar: p('Team Calendar', 'calendar@example.com', 0),
  devList: p('Tomás Novák', 'tomas.novak@example.cz', 60),
  spammer: p('Prize Department', 'winner@lottery.example.net', 0),
  phisher: p('PayPa1 Security', 'security@paypa1.example.net', 0),
  hotel: p('Hotel Zürichsee', 'reservation@hotel-zuerichsee.example.ch', 60),
  rail: p('SBB Ticketshop', 'noreply@tickets.example.ch', 60),
  coffee: p('Example Coffee', 'receipts@coffee.example.com', -480),
} as const;
