import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePart, findPart, planBody, type BodyNode, type BodyPlan } from '../../src/mime/body-structure.ts';

// Builders for the shapes imapflow returns (lower-case types, decoded parameters, no `part` at the root).
const text = (over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: '7bit', size: 100, ...over });
const html = (over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'text/html', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable', size: 400, ...over });
const multipart = (subtype: string, childNodes: BodyNode[], over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: `multipart/${subtype}`, childNodes, ...over });
const file = (type: string, filename: string | undefined, over: Partial<BodyNode> = {}): BodyNode => ({
  type, encoding: 'base64', size: 4000, disposition: 'attachment', ...(filename ? { dispositionParameters: { filename } } : {}), ...over,
});
const image = (cid: string | undefined, over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'image/png', encoding: 'base64', size: 800, ...(cid ? { id: `<${cid}>` } : {}), disposition: 'inline', ...over });
const message = (body: BodyNode, subject?: string, over: Partial<BodyNode> = {}): BodyNode => ({
  type: 'message/rfc822', encoding: '7bit', size: 2000, childNodes: [body],
  envelope: { subject, date: new Date('2024-03-01T09:30:00Z'), from: [{ name: 'Ann Example', address: 'ann@example.com' }] }, ...over,
});

const T = (part: string, extra: object = {}) => ({ kind: 'text', part, charset: 'utf-8', size: 100, ...extra });
const H = (part: string, extra: object = {}) => ({ kind: 'html', part, charset: 'utf-8', size: 400, ...extra });
const A = (part: string, filename: string, type: string, size: number, extra: object = {}) =>
  ({ part, filename, type, size, inline: false, ...extra });
const P = (part: string, size: number) => ({ kind: 'preformatted', part, size });
const E = (part: string, extra: object = {}) => ({ kind: 'enriched', part, size: 50, ...extra });
const M = (part: string, subject?: string) => ({
  kind: 'embedded-message', part, ...(subject ? { subject } : {}), from: 'Ann Example <ann@example.com>', date: '2024-03-01T09:30:00.000Z',
});

interface Case {
  name: string;
  root: BodyNode;
  display: object[];
  attachments?: object[];
  inline?: [string, string][];
}

const CASES: Case[] = [
  { name: 'a single text/plain message is part 1', root: text(), display: [T('1')] },
  { name: 'a single text/html message is part 1', root: html(), display: [H('1')] },
  { name: 'a format=flowed text keeps flowed', root: text({ parameters: { charset: 'UTF-8', format: 'Flowed' } }), display: [T('1', { flowed: true })] },
  { name: 'delsp=yes is passed on with flowed', root: text({ parameters: { format: 'flowed', delsp: 'yes' } }),
    display: [{ kind: 'text', part: '1', size: 100, flowed: true, delSp: true }] },
  { name: 'a hostile charset is left out', root: text({ parameters: { charset: 'utf-8"><script>' } }), display: [{ kind: 'text', part: '1', size: 100 }] },
  { name: 'a message that is only a PDF offers it as part 1', root: file('application/pdf', 'scan.pdf', { disposition: undefined }),
    display: [], attachments: [A('1', 'scan.pdf', 'application/pdf', 3000)] },
  { name: 'multipart/alternative shows the HTML', root: multipart('alternative', [text(), html()]), display: [H('2')] },
  { name: 'multipart/alternative prefers HTML even when it comes first', root: multipart('alternative', [html(), text()]), display: [H('1')] },
  { name: 'multipart/alternative shows the last text when there is no HTML',
    root: multipart('alternative', [text({ size: 10 }), text()]), display: [T('2')] },
  { name: 'multipart/alternative skips subtypes it cannot render', root: multipart('alternative', [text(), { type: 'text/x-unknown', size: 50 }]), display: [T('1')] },
  { name: 'multipart/alternative shows text/enriched, the richer alternative after the text',
    root: multipart('alternative', [text(), { type: 'text/enriched', parameters: { charset: 'ISO-8859-1' }, size: 50 }]), display: [E('2', { charset: 'iso-8859-1' })] },
  { name: 'multipart/alternative prefers HTML to text/enriched',
    root: multipart('alternative', [text(), { type: 'text/enriched', size: 50 }, html()]), display: [H('3')] },
  { name: 'a message that is only text/enriched shows it', root: { type: 'text/enriched', size: 50 }, display: [E('1')] },
  { name: 'multipart/alternative does not list AMP or watch alternatives',
    root: multipart('alternative', [text(), { type: 'text/x-amp-html', size: 900 }, { type: 'text/watch-html', size: 90 }, html()]), display: [H('4')] },
  { name: 'multipart/alternative lists a calendar invitation next to the HTML',
    root: multipart('alternative', [text(), html(), { type: 'text/calendar', parameters: { method: 'REQUEST' }, encoding: 'base64', size: 1200 }]),
    display: [H('2')], attachments: [A('3', 'attachment-3.ics', 'text/calendar', 900)] },
  { name: 'multipart/alternative lists a named alternative',
    root: multipart('alternative', [text(), html(), { type: 'text/calendar', parameters: { name: 'invite.ics' }, size: 300 }]),
    display: [H('2')], attachments: [A('3', 'invite.ics', 'text/calendar', 300)] },
  { name: 'multipart/alternative lists everything when nothing renders',
    root: multipart('alternative', [{ type: 'text/x-unknown', size: 40 }, { type: 'application/ms-tnef', size: 400, encoding: 'base64' }]),
    display: [], attachments: [A('1', 'attachment-1.bin', 'text/x-unknown', 40), A('2', 'attachment-2.dat', 'application/ms-tnef', 300)] },
  { name: 'multipart/alternative shows text when the HTML is marked as an attachment, and lists the HTML',
    root: multipart('alternative', [text(), html({ disposition: 'attachment' })]), display: [T('1')], attachments: [A('2', 'attachment-2.html', 'text/html', 400)] },
  { name: 'multipart/alternative picks a nested multipart/related with its images',
    root: multipart('alternative', [text(), multipart('related', [html(), image('logo@x'), image('photo@x', { type: 'image/jpeg' })])]),
    display: [H('2.1')], inline: [['logo@x', '2.2'], ['photo@x', '2.3']] },
  { name: 'multipart/related displays its first part and keeps images out of the list',
    root: multipart('related', [html(), image('a@x'), image('b@x', { disposition: undefined })]), display: [H('1')], inline: [['a@x', '2'], ['b@x', '3']] },
  { name: 'multipart/related honours the start parameter',
    root: multipart('related', [image('img@x'), html({ id: '<Root@X>' })], { parameters: { start: '<root@x>', type: 'text/html' } }),
    display: [H('2')], inline: [['img@x', '1'], ['root@x', '2']] },
  { name: 'multipart/related falls back to the first part when start names nothing',
    root: multipart('related', [html(), image('img@x')], { parameters: { start: '<missing@x>' } }), display: [H('1')], inline: [['img@x', '2']] },
  { name: 'multipart/related lists an image without Content-ID',
    root: multipart('related', [html(), image(undefined, { parameters: { name: 'bg.png' } })]),
    display: [H('1')], attachments: [A('2', 'bg.png', 'image/png', 600, { inline: true })] },
  { name: 'multipart/related lists an SVG or TIFF resource and still maps its cid',
    root: multipart('related', [html(), image('vec@x', { type: 'image/svg+xml' }), image('scan@x', { type: 'image/tiff' })]),
    display: [H('1')], attachments: [A('2', 'attachment-2.svg', 'image/svg+xml', 600, { contentId: 'vec@x' }), A('3', 'attachment-3.tif', 'image/tiff', 600, { contentId: 'scan@x' })],
    inline: [['vec@x', '2'], ['scan@x', '3']] },
  { name: 'multipart/related lists a non-image resource', root: multipart('related', [html(), file('text/css', 'style.css', { id: '<css@x>', disposition: undefined })]),
    display: [H('1')], attachments: [A('2', 'style.css', 'text/css', 3000, { contentId: 'css@x' })], inline: [['css@x', '2']] },
  { name: 'multipart/related does not display a second text part',
    root: multipart('related', [html(), text()]), display: [H('1')], attachments: [A('2', 'attachment-2.txt', 'text/plain', 100)] },
  { name: 'multipart/mixed shows its text and lists the files',
    root: multipart('mixed', [text(), file('application/pdf', 'report.pdf')]), display: [T('1')], attachments: [A('2', 'report.pdf', 'application/pdf', 3000)] },
  { name: 'multipart/mixed with alternative, PDF and inline image',
    root: multipart('mixed', [multipart('alternative', [text(), html()]), file('application/pdf', 'a.pdf'), image(undefined, { parameters: { name: 'photo.jpg' }, type: 'image/jpeg' })]),
    display: [H('1.2')], attachments: [A('2', 'a.pdf', 'application/pdf', 3000), A('3', 'photo.jpg', 'image/jpeg', 600, { inline: true })] },
  { name: 'multipart/mixed shows inline text parts in order (Apple Mail around an image)',
    root: multipart('mixed', [text(), image(undefined, { dispositionParameters: { filename: 'IMG_0001.png' } }), text({ size: 20 })]),
    display: [T('1'), T('3', { size: 20 })], attachments: [A('2', 'IMG_0001.png', 'image/png', 600, { inline: true })] },
  { name: 'multipart/mixed shows a mailing-list footer part', root: multipart('mixed', [html(), text({ size: 7 })]), display: [H('1'), T('2', { size: 7 })] },
  { name: 'a named text part is a file', root: multipart('mixed', [text(), text({ parameters: { name: 'notes.txt' } })]),
    display: [T('1')], attachments: [A('2', 'notes.txt', 'text/plain', 100)] },
  { name: 'a named text part marked inline is shown and listed', root: multipart('mixed', [text(), text({ parameters: { charset: 'utf-8', name: 'notes.txt' }, disposition: 'inline' })]),
    display: [T('1'), T('2')], attachments: [A('2', 'notes.txt', 'text/plain', 100)] },
  { name: 'an inline HTML part after the text is shown', root: multipart('mixed', [text(), html({ disposition: 'inline' })]),
    display: [T('1'), H('2')] },
  { name: 'a named inline HTML part after the text is shown and listed',
    root: multipart('mixed', [text(), html({ disposition: 'inline', dispositionParameters: { filename: 'footer.html' }, parameters: { charset: 'utf-8', name: 'footer.html' } })]),
    display: [T('1'), H('2')], attachments: [A('2', 'footer.html', 'text/html', 400)] },
  { name: 'a named HTML part without disposition is a file',
    root: multipart('mixed', [text(), html({ parameters: { name: 'page.html' } })]), display: [T('1')], attachments: [A('2', 'page.html', 'text/html', 400)] },
  { name: 'an inline text/enriched part after the text is shown', root: multipart('mixed', [text(), { type: 'text/enriched', disposition: 'inline', size: 50 }]),
    display: [T('1'), E('2')] },
  { name: 'a text part marked attachment is a file', root: multipart('mixed', [text(), text({ disposition: 'ATTACHMENT' })]),
    display: [T('1')], attachments: [A('2', 'attachment-2.txt', 'text/plain', 100)] },
  { name: 'an image marked attachment is not inline', root: multipart('mixed', [text(), file('image/png', 'shot.png')]),
    display: [T('1')], attachments: [A('2', 'shot.png', 'image/png', 3000)] },
  { name: 'a forwarded message is listed and shown after a header block',
    root: multipart('mixed', [text(), message(multipart('alternative', [text(), html()]), 'Quarterly numbers')]),
    display: [T('1'), M('2', 'Quarterly numbers'), H('2.2')], attachments: [A('2', 'Quarterly numbers.eml', 'message/rfc822', 2000)] },
  { name: 'a single-part forwarded message has its text at .1',
    root: multipart('mixed', [text(), message(text(), 'Hi')]), display: [T('1'), M('2', 'Hi'), T('2.1')], attachments: [A('2', 'Hi.eml', 'message/rfc822', 2000)] },
  { name: 'a forwarded message keeps its own attachments',
    root: multipart('mixed', [text(), message(multipart('mixed', [text(), file('application/zip', 'x.zip')]), 'Files')]),
    display: [T('1'), M('2', 'Files'), T('2.1')], attachments: [A('2', 'Files.eml', 'message/rfc822', 2000), A('2.2', 'x.zip', 'application/zip', 3000)] },
  { name: 'a message whose body is a message/rfc822', root: message(html(), 'Wrapped'),
    display: [M('1', 'Wrapped'), H('1.1')], attachments: [A('1', 'Wrapped.eml', 'message/rfc822', 2000)] },
  { name: 'a forwarded message within a forwarded message',
    root: multipart('mixed', [text(), message(multipart('mixed', [text(), message(text(), 'Inner')]), 'Outer')]),
    display: [T('1'), M('2', 'Outer'), T('2.1'), M('2.2', 'Inner'), T('2.2.1')],
    attachments: [A('2', 'Outer.eml', 'message/rfc822', 2000), A('2.2', 'Inner.eml', 'message/rfc822', 2000)] },
  { name: 'a forwarded message without subject gets a numbered name', root: multipart('mixed', [text(), message(text())]),
    display: [T('1'), M('2'), T('2.1')], attachments: [A('2', 'message-2.eml', 'message/rfc822', 2000)] },
  { name: 'a forwarded message keeps its declared file name', root: multipart('mixed', [text(), message(text(), 'S', { disposition: 'attachment', dispositionParameters: { filename: 'orig.eml' } })]),
    display: [T('1'), M('2', 'S'), T('2.1')], attachments: [A('2', 'orig.eml', 'message/rfc822', 2000)] },
  { name: 'a subject with slashes does not lose its start', root: multipart('mixed', [text(), message(text(), 'Q3/Q4 plan\\draft')])
    , display: [T('1'), M('2', 'Q3/Q4 plan\\draft'), T('2.1')], attachments: [A('2', 'Q3-Q4 plan-draft.eml', 'message/rfc822', 2000)] },
  { name: 'a message/rfc822 without structure is only listed', root: multipart('mixed', [text(), { type: 'message/rfc822', size: 50 }]),
    display: [T('1')], attachments: [A('2', 'message-2.eml', 'message/rfc822', 50)] },
  { name: 'multipart/digest shows each message', root: multipart('digest', [message(text(), 'One'), message(text(), 'Two')]),
    display: [M('1', 'One'), T('1.1'), M('2', 'Two'), T('2.1')], attachments: [A('1', 'One.eml', 'message/rfc822', 2000), A('2', 'Two.eml', 'message/rfc822', 2000)] },
  { name: 'multipart/signed shows the content and lists the signature',
    root: multipart('signed', [multipart('mixed', [text(), file('application/pdf', 'a.pdf')]), file('application/pgp-signature', 'signature.asc', { encoding: '7bit', size: 833 })]),
    display: [T('1.1')], attachments: [A('1.2', 'a.pdf', 'application/pdf', 3000), A('2', 'signature.asc', 'application/pgp-signature', 833)] },
  { name: 'multipart/signed (S/MIME) with alternative content',
    root: multipart('signed', [multipart('alternative', [text(), html()]), { type: 'application/pkcs7-signature', encoding: 'base64', size: 4000, parameters: { name: 'smime.p7s' } }]),
    display: [H('1.2')], attachments: [A('2', 'smime.p7s', 'application/pkcs7-signature', 3000)] },
  { name: 'multipart/encrypted only offers its parts',
    root: multipart('encrypted', [{ type: 'application/pgp-encrypted', size: 10 }, { type: 'application/octet-stream', size: 900, parameters: { name: 'encrypted.asc' } }]),
    display: [], attachments: [A('1', 'attachment-1.asc', 'application/pgp-encrypted', 10), A('2', 'encrypted.asc', 'application/octet-stream', 900)] },
  { name: 'multipart/report shows the explanation and lists status and returned message',
    root: multipart('report', [text(), { type: 'message/delivery-status', size: 300 }, message(text(), 'Original')], { parameters: { 'report-type': 'delivery-status' } }),
    display: [T('1'), P('2', 300)], attachments: [A('2', 'attachment-2.txt', 'message/delivery-status', 300), A('3', 'Original.eml', 'message/rfc822', 2000)] },
  { name: 'multipart/report with an alternative explanation and returned headers',
    root: multipart('report', [multipart('alternative', [text(), html()]), { type: 'message/delivery-status', size: 300 }, { type: 'text/rfc822-headers', size: 700 }]),
    display: [H('1.2'), P('2', 300), P('3', 700)], attachments: [A('2', 'attachment-2.txt', 'message/delivery-status', 300), A('3', 'attachment-3.txt', 'text/rfc822-headers', 700)] },
  { name: 'multipart/report shows a read receipt and UTF-8 delivery status',
    root: multipart('report', [text(), { type: 'message/disposition-notification', size: 200 }, { type: 'message/global-delivery-status', parameters: { charset: 'utf-8' }, size: 90 }]),
    display: [T('1'), P('2', 200), { kind: 'preformatted', part: '3', size: 90, charset: 'utf-8' }],
    attachments: [A('2', 'attachment-2.txt', 'message/disposition-notification', 200), A('3', 'attachment-3.txt', 'message/global-delivery-status', 90)] },
  { name: 'multipart/report does not show a status part marked as an attachment, nor other payloads',
    root: multipart('report', [text(), { type: 'message/delivery-status', size: 300, disposition: 'attachment' }, { type: 'application/json', size: 80 }]),
    display: [T('1')], attachments: [A('2', 'attachment-2.txt', 'message/delivery-status', 300), A('3', 'attachment-3.json', 'application/json', 80)] },
  { name: 'an unknown multipart subtype is read as mixed', root: multipart('x-unknown', [text(), file('application/zip', 'z.zip')]),
    display: [T('1')], attachments: [A('2', 'z.zip', 'application/zip', 3000)] },
  { name: 'an empty multipart shows nothing', root: multipart('mixed', []), display: [] },
  { name: 'upper-case types from a hand-built tree are understood',
    root: { type: 'MULTIPART/ALTERNATIVE', childNodes: [{ type: 'TEXT/PLAIN', size: 5 }, { type: 'Text/HTML', size: 6 }] }, display: [{ kind: 'html', part: '2', size: 6 }] },
  { name: 'a malformed type is opaque bytes', root: multipart('mixed', [text(), { type: 'text', size: 9 }, { type: '/', size: 9 }]),
    display: [T('1')], attachments: [A('2', 'attachment-2.bin', 'application/octet-stream', 9), A('3', 'attachment-3.bin', 'application/octet-stream', 9)] },
  { name: 'Content-ID keys drop angle brackets and case, first part wins',
    root: multipart('related', [html(), image('Logo@X'), image(undefined, { id: ' <logo@x> ' }), image(undefined, { id: 'other@x' })]),
    display: [H('1')], inline: [['logo@x', '2'], ['other@x', '4']] },
  { name: 'attachments carry their Content-ID', root: multipart('mixed', [html(), image('pic@x', { parameters: { name: 'p.png' } })]),
    display: [H('1')], attachments: [A('2', 'p.png', 'image/png', 600, { contentId: 'pic@x', inline: true })], inline: [['pic@x', '2']] },
];

function check(plan: BodyPlan, c: Case): void {
  assert.deepEqual(plan.display, c.display);
  assert.deepEqual(plan.attachments, c.attachments ?? []);
  assert.deepEqual([...plan.inlineImages], c.inline ?? []);
}

describe('planBody', () => {
  for (const c of CASES) it(c.name, () => check(planBody(c.root), c));

  it('numbers every planned part so that findPart finds a node of the same type', () => {
    for (const c of CASES) {
      const plan = planBody(c.root);
      for (const a of plan.attachments) {
        const node = findPart(c.root, a.part);
        assert.ok(node, `${c.name}: ${a.part}`);
        assert.equal(a.type, /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(node.type.toLowerCase()) ? node.type.toLowerCase() : 'application/octet-stream');
      }
      for (const d of plan.display) {
        const node = findPart(c.root, d.part);
        assert.ok(node, `${c.name}: ${d.part}`);
        if (d.kind !== 'embedded-message') assert.match(node.type.toLowerCase(), /^(text\/(plain|html|enriched|rfc822-headers)|message\/(global-)?(delivery-status|disposition-notification|headers))$/);
        else assert.equal(node.type, 'message/rfc822');
      }
      for (const part of plan.inlineImages.values()) assert.ok(findPart(c.root, part), `${c.name}: ${part}`);
    }
  });
});

describe('planBody: file names', () => {
  const named = (params: Partial<BodyNode>) => planBody(multipart('mixed', [text(), { type: 'application/pdf', size: 10, ...params }])).attachments[0]?.filename;
  const cases: [string, Partial<BodyNode>, string][] = [
    ['prefers the disposition filename', { dispositionParameters: { filename: 'a.pdf' }, parameters: { name: 'b.pdf' } }, 'a.pdf'],
    ['falls back to the Content-Type name', { parameters: { name: 'b.pdf' } }, 'b.pdf'],
    ['accepts a filename put in Content-Type', { parameters: { filename: 'c.pdf' } }, 'c.pdf'],
    ['uses the part number and type when nameless', {}, 'attachment-2.pdf'],
    ['strips Unix path components', { dispositionParameters: { filename: '../../etc/passwd' } }, 'passwd'],
    ['strips Windows path components', { dispositionParameters: { filename: 'C:\\Users\\ann\\Desktop\\evil.exe' } }, 'evil.exe'],
    ['strips control characters and CR/LF', { dispositionParameters: { filename: 'a\r\nX-Injected: 1\u0000.pdf' } }, 'aX-Injected: 1.pdf'],
    ['treats a slash inside a name as a path', { dispositionParameters: { filename: 'text/html.pdf' } }, 'html.pdf'],
    ['strips a right-to-left override', { dispositionParameters: { filename: 'invoice\u202Efdp.exe' } }, 'invoicefdp.exe'],
    ['strips zero-width characters', { dispositionParameters: { filename: 're\u200Bport.pdf' } }, 'report.pdf'],
    ['does not make a hidden file', { dispositionParameters: { filename: '.htaccess' } }, 'htaccess'],
    ['drops trailing dots and spaces', { dispositionParameters: { filename: 'a.pdf. . ' } }, 'a.pdf'],
    ['falls back for "."', { dispositionParameters: { filename: '.' } }, 'attachment-2.pdf'],
    ['falls back for ".."', { dispositionParameters: { filename: '..' } }, 'attachment-2.pdf'],
    ['falls back for a directory path', { dispositionParameters: { filename: 'dir/' } }, 'attachment-2.pdf'],
    ['falls back for whitespace', { dispositionParameters: { filename: '  \t ' }, parameters: { name: '' } }, 'attachment-2.pdf'],
    ['collapses whitespace runs', { dispositionParameters: { filename: 'my \t  file.pdf' } }, 'my file.pdf'],
    ['keeps non-ASCII names', { dispositionParameters: { filename: 'Übersicht 2024 – 報告.pdf' } }, 'Übersicht 2024 – 報告.pdf'],
    ['decodes an RFC 2047 name left encoded', { parameters: { name: '=?UTF-8?B?w5xiZXJzaWNodC5wZGY=?=' } }, 'Übersicht.pdf'],
    ['decodes a Q-encoded ISO-8859-1 name', { parameters: { name: '=?ISO-8859-1?Q?R=E9sum=E9_final.pdf?=' } }, 'Résumé final.pdf'],
    ['joins adjacent encoded words', { parameters: { name: '=?UTF-8?Q?a?= =?UTF-8?Q?b.pdf?=' } }, 'ab.pdf'],
    ['decodes an RFC 2231 extended filename', { dispositionParameters: { 'filename*': "utf-8''%E2%82%AC%20rates.pdf" } }, '€ rates.pdf'],
    ['decodes RFC 2231 continuations', { dispositionParameters: { 'filename*0*': "iso-8859-1'de'Gr%FC", 'filename*1': 'sse', 'filename*2*': '%2Epdf' } }, 'Grüsse.pdf'],
    ['orders RFC 2231 continuations by number', { dispositionParameters: { 'filename*1': 'b.pdf', 'filename*0': 'a' } }, 'ab.pdf'],
    ['prefers RFC 2231 over the plain parameter', { dispositionParameters: { filename: 'plain.pdf', 'filename*': "utf-8''ext.pdf" } }, 'ext.pdf'],
    ['reads parameter names case-insensitively', { dispositionParameters: { FileName: 'upper.pdf' } }, 'upper.pdf'],
    ['survives an unknown charset', { dispositionParameters: { 'filename*': "x-unknown''a%41.pdf" } }, 'aA.pdf'],
    ['shortens very long names and keeps the extension', { dispositionParameters: { filename: `${'n'.repeat(500)}.pdf` } }, `${'n'.repeat(196)}.pdf`],
    ['ignores non-string parameter values', { dispositionParameters: { filename: 42 as unknown as string } }, 'attachment-2.pdf'],
  ];
  for (const [name, params, expected] of cases) it(name, () => assert.equal(named(params), expected));

  it('picks an extension from the media type', () => {
    const types: [string, string][] = [['image/png', 'png'], ['image/jpeg', 'jpg'], ['text/calendar', 'ics'], ['application/zip', 'zip'],
      ['application/x-made-up', 'bin'], ['message/delivery-status', 'txt'], ['application/pkcs7-signature', 'p7s']];
    for (const [type, ext] of types) {
      assert.equal(planBody(multipart('mixed', [text(), { type, size: 1 }])).attachments[0]?.filename, `attachment-2.${ext}`);
    }
  });
});

describe('planBody: sizes and headers', () => {
  const size = (node: Partial<BodyNode>) => planBody(multipart('mixed', [text(), { type: 'application/pdf', ...node }])).attachments[0]?.size;
  it('estimates the decoded size of base64 parts', () => assert.equal(size({ size: 4000, encoding: 'base64' }), 3000));
  it('reads the encoding case-insensitively', () => assert.equal(size({ size: 400, encoding: 'BASE64' }), 300));
  it('keeps the size of other encodings', () => assert.equal(size({ size: 4000, encoding: 'quoted-printable' }), 4000));
  it('reports 0 for a missing, negative or non-numeric size', () => {
    assert.equal(size({}), 0);
    assert.equal(size({ size: -5 }), 0);
    assert.equal(size({ size: Number.NaN }), 0);
    assert.equal(size({ size: 'x' as unknown as number }), 0);
  });
  it('shows a string date that is not a date as given', () => {
    const root = multipart('mixed', [text(), message(text(), 'S', { envelope: { date: 'yesterday\r\n', subject: 'S' } })]);
    assert.deepEqual(planBody(root).display[1], { kind: 'embedded-message', part: '2', subject: 'S', date: 'yesterday' });
  });
  it('leaves out an invalid Date', () => {
    const root = multipart('mixed', [text(), message(text(), undefined, { envelope: { date: new Date('nope') } })]);
    assert.deepEqual(planBody(root).display[1], { kind: 'embedded-message', part: '2' });
  });
  it('formats several senders and strips controls from the subject', () => {
    const root = message(text(), undefined, { envelope: { subject: 'Hi\u0007 there\r\n  you', from: [{ name: 'A, B', address: 'a@x' }, { address: 'c@x' }] } });
    assert.deepEqual(planBody(root).display[0], { kind: 'embedded-message', part: '1', subject: 'Hi there you', from: '"A, B" <a@x>, c@x' });
  });
  it('decodes an encoded-word subject', () => {
    const root = message(text(), '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=');
    assert.equal(planBody(root).attachments[0]?.filename, 'Grüße.eml');
  });
});

describe('planBody: hostile structures', () => {
  it('survives 10,000 levels of nesting, ignoring what is too deep', () => {
    let node: BodyNode = text();
    for (let i = 0; i < 10000; i++) node = multipart('mixed', [node]);
    const plan = planBody(node);
    assert.deepEqual(plan.display, []);
  });
  it('still shows text 30 levels down', () => {
    let node: BodyNode = text();
    for (let i = 0; i < 30; i++) node = multipart('mixed', [node]);
    assert.equal(planBody(node).display[0]?.part, Array(30).fill('1').join('.'));
  });
  it('survives 10,000 nested forwarded messages', () => {
    let node: BodyNode = text();
    for (let i = 0; i < 10000; i++) node = message(node, `m${i}`);
    const plan = planBody(node);
    assert.ok(plan.attachments.length <= 40);
  });
  it('bounds the work on 200,000 parts', () => {
    const root = multipart('mixed', Array.from({ length: 200000 }, () => file('application/pdf', 'a.pdf')));
    const plan = planBody(root);
    assert.ok(plan.attachments.length <= 5000);
  });
  it('shows at most 100 text parts and lists the rest', () => {
    const plan = planBody(multipart('mixed', Array.from({ length: 500 }, () => text())));
    assert.equal(plan.display.length, 100);
    assert.equal(plan.attachments.length, 400);
  });
  it('terminates on a cyclic tree', () => {
    const root: BodyNode = multipart('mixed', [text()]);
    root.childNodes?.push(root);
    const alt: BodyNode = multipart('alternative', []);
    alt.childNodes?.push(alt, html());
    const msg: BodyNode = message(text(), 'loop');
    msg.childNodes = [msg];
    for (const r of [root, alt, msg]) planBody(r);
    assert.equal(planBody(root).display[0]?.part, '1');
  });
  it('finishes on wide alternatives nested 25 deep', () => {
    let node: BodyNode = html();
    for (let i = 0; i < 25; i++) node = multipart('alternative', [text(), node, text()]);
    planBody(node);
  });
  it('ignores junk children', () => {
    const root = { type: 'multipart/mixed', childNodes: [null, undefined, 'x', 3, text()] } as unknown as BodyNode;
    assert.deepEqual(planBody(root).display, [T('5')]);
  });
  it('copes with junk fields', () => {
    const junk = { type: 42, parameters: 'x', dispositionParameters: ['a'], disposition: {}, id: {}, size: {}, envelope: 'x', encoding: null } as unknown as BodyNode;
    assert.deepEqual(planBody(multipart('mixed', [text(), junk])).attachments, [A('2', 'attachment-2.bin', 'application/octet-stream', 0)]);
    assert.deepEqual(planBody(undefined as unknown as BodyNode), { display: [], attachments: [], inlineImages: new Map() });
  });
  it('does not let a __proto__ parameter change anything', () => {
    const params = JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "a.pdf", "filename*0*": "x"}') as Record<string, string>;
    planBody(multipart('mixed', [text(), { type: 'application/pdf', parameters: params }]));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it('ignores an overlong Content-ID', () => {
    const plan = planBody(multipart('related', [html(), image('x'.repeat(5000))]));
    assert.equal(plan.inlineImages.size, 0);
  });
});

describe('findPart', () => {
  const root = multipart('mixed', [
    text(),
    message(multipart('alternative', [text({ size: 1 }), html({ size: 2 })]), 'A'),
    message(html({ size: 3 }), 'B'),
    multipart('related', [html({ size: 4 }), image('i@x')]),
  ]);
  const cases: [string, string | undefined][] = [
    ['1', 'text/plain'], ['2', 'message/rfc822'], ['2.1', 'text/plain'], ['2.2', 'text/html'], ['3', 'message/rfc822'],
    ['3.1', 'text/html'], ['4', 'multipart/related'], ['4.1', 'text/html'], ['4.2', 'image/png'],
    ['5', undefined], ['2.3', undefined], ['3.2', undefined], ['1.1', undefined], ['4.2.1', undefined], ['3.1.1', undefined],
    ['', undefined], ['0', undefined], ['01', undefined], ['1.', undefined], ['.1', undefined], ['1..2', undefined],
    ['1.0', undefined], ['-1', undefined], ['1e0', undefined], [' 1', undefined], ['TEXT', undefined], ['HEADER', undefined],
    ['2.MIME', undefined], ['2.HEADER', undefined], ['9999999', undefined], [Array(200).fill('1').join('.'), undefined],
  ];
  for (const [part, type] of cases) {
    it(`resolves ${JSON.stringify(part.slice(0, 20))} to ${type ?? 'nothing'}`, () => assert.equal(findPart(root, part)?.type, type));
  }
  it('treats the body of a single-part message as part 1', () => {
    const single = text();
    assert.equal(findPart(single, '1'), single);
    assert.equal(findPart(single, '2'), undefined);
    assert.equal(findPart(single, '1.1'), undefined);
  });
  it('walks into a message whose body is a message/rfc822', () => {
    const inner = html();
    const wrapped = message(inner, 'W');
    assert.equal(findPart(wrapped, '1'), wrapped);
    assert.equal(findPart(wrapped, '1.1'), inner);
  });
  it('returns undefined for junk input', () => {
    assert.equal(findPart(undefined as unknown as BodyNode, '1'), undefined);
    assert.equal(findPart(root, 1 as unknown as string), undefined);
  });
});

describe('describePart', () => {
  const root = multipart('related', [html(), image('logo@x', { parameters: { name: '../logo\u202Egnp.exe' } }), message(text(), 'Fwd')]);
  it('describes a related image that the plan does not list', () => {
    assert.deepEqual(describePart(root, '2'), { part: '2', filename: 'logognp.exe', type: 'image/png', size: 600, contentId: 'logo@x', inline: true });
  });
  it('describes a text part and a message part', () => {
    assert.equal(describePart(root, '1')?.filename, 'attachment-1.html');
    assert.equal(describePart(root, '3')?.filename, 'Fwd.eml');
    assert.equal(describePart(root, '3.1')?.type, 'text/plain');
  });
  it('describes nothing for a multipart or a missing part', () => {
    assert.equal(describePart(multipart('mixed', [multipart('alternative', [text()])]), '1'), undefined);
    assert.equal(describePart(root, '9'), undefined);
  });
});
