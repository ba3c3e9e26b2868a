// planBody over the shapes of real mail: what is shown, what is listed as an attachment, which images are inline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findPart, planBody, type BodyNode, type BodyPlan } from '../../src/mime/body-structure.ts';
import { text, html, multipart, file, image, message, T, H, A, P, E, M } from './body-nodes.ts';

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
