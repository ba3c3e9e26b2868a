// BODYSTRUCTURE responses as servers send them, parsed by imapflow's own parser, then planned. This pins the two
// facts body-structure.ts relies on: imapflow lower-cases types and decodes RFC 2047/2231 parameters, and it
// numbers the single-part body of a message/rfc822 like its wrapper (the body is really <n>.1).
// (imapflow is imported here only: src/mime never depends on it.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageStructureObject } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { parseBodystructure } from 'imapflow/lib/tools.js';
import { findPart, planBody, type BodyNode } from '../../src/mime/body-structure.ts';

async function structure(raw: string): Promise<MessageStructureObject> {
  const response = await parser(`* 1 FETCH (UID 5 BODYSTRUCTURE ${raw})`);
  const list = response.attributes?.[1] as unknown[];
  return parseBodystructure(list[3] as Parameters<typeof parseBodystructure>[0]);
}

const ENVELOPE = '("Mon, 4 Mar 2024 10:00:00 +0100" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" (("Ann" NIL "ann" "example.com")) NIL NIL '
  + '(("Bob" NIL "bob" "example.org")) NIL NIL NIL "<m1@example.com>")';

describe('planBody on imapflow-parsed BODYSTRUCTURE', () => {
  it('accepts imapflow\'s MessageStructureObject as a BodyNode without a cast', async () => {
    const node: BodyNode = await structure('("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL)');
    assert.equal(node.part, undefined, 'imapflow leaves the root unnumbered');
    assert.equal(node.type, 'text/plain', 'imapflow lower-cases the type');
    assert.deepEqual(planBody(node).display, [{ kind: 'text', part: '1', charset: 'us-ascii', size: 10 }]);
  });

  it('plans the RFC 3501 §7.4.2 example (BODY form, no extension data)', async () => {
    const root = await structure('(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED")');
    const plan = planBody(root);
    assert.deepEqual(plan.display, [{ kind: 'text', part: '1', charset: 'us-ascii', size: 1152 }]);
    assert.deepEqual(plan.attachments, [{ part: '2', filename: 'cc.diff', type: 'text/plain', size: 3415, contentId: '960723163407.20117h@cac.washington.edu', inline: false }]);
  });

  it('plans a Gmail-style alternative', async () => {
    const root = await structure('(("text" "plain" ("charset" "UTF-8") NIL NIL "quoted-printable" 120 4 NIL NIL NIL NIL)("text" "html" ("charset" "UTF-8") NIL NIL "quoted-printable" 900 20 NIL NIL NIL NIL) "alternative" ("boundary" "000000000000abc") NIL NIL NIL)');
    assert.deepEqual(planBody(root).display, [{ kind: 'html', part: '2', charset: 'utf-8', size: 900 }]);
  });

  it('reads format=flowed and delsp', async () => {
    const root = await structure('("text" "plain" ("charset" "utf-8" "format" "flowed" "delsp" "yes") NIL NIL "8bit" 300 10 NIL NIL NIL NIL)');
    assert.deepEqual(planBody(root).display, [{ kind: 'text', part: '1', charset: 'utf-8', size: 300, flowed: true, delSp: true }]);
  });

  it('renumbers the single-part body of a forwarded message to <n>.1', async () => {
    const root = await structure(`(("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 50 2 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 900 ${ENVELOPE} ("text" "html" ("charset" "utf-8") NIL NIL "7bit" 400 9 NIL NIL NIL NIL) 20 NIL ("attachment" NIL) NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)`);
    assert.equal(root.childNodes?.[1]?.childNodes?.[0]?.part, '2', 'imapflow gives the body its wrapper\'s number');
    const plan = planBody(root);
    assert.deepEqual(plan.display, [
      { kind: 'text', part: '1', charset: 'utf-8', size: 50 },
      { kind: 'embedded-message', part: '2', subject: 'Grüße', from: 'Ann <ann@example.com>', date: '2024-03-04T09:00:00.000Z' },
      { kind: 'html', part: '2.1', charset: 'utf-8', size: 400 },
    ]);
    assert.deepEqual(plan.attachments, [{ part: '2', filename: 'Grüße.eml', type: 'message/rfc822', size: 900, inline: false }]);
    assert.equal(findPart(root, '2.1')?.type, 'text/html');
  });

  it('keeps imapflow\'s numbers for a multipart forwarded message', async () => {
    const root = await structure(`(("text" "plain" NIL NIL NIL "7bit" 5 1 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 900 ${ENVELOPE} (("text" "plain" NIL NIL NIL "7bit" 6 1 NIL NIL NIL NIL)("text" "html" NIL NIL NIL "7bit" 7 1 NIL NIL NIL NIL) "alternative" ("boundary" "c") NIL NIL NIL) 20 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)`);
    const plan = planBody(root);
    const html = plan.display.find((d) => d.kind === 'html');
    assert.equal(html?.part, '2.2');
    assert.equal(root.childNodes?.[1]?.childNodes?.[0]?.childNodes?.[1]?.part, '2.2');
  });

  it('gets decoded RFC 2231 and RFC 2047 file names from imapflow', async () => {
    const root = await structure(`(("text" "plain" NIL NIL NIL "7bit" 5 1 NIL NIL NIL NIL)("application" "pdf" ("name" "=?UTF-8?Q?R=C3=A9sum=C3=A9.pdf?=") NIL NIL "base64" 40000 NIL ("attachment" ("filename*" "utf-8''R%C3%A9sum%C3%A9%20final.pdf")) NIL NIL)("application" "pdf" ("name*0*" "utf-8''%E2%82%AC" "name*1" ".pdf") NIL NIL "base64" 40 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)`);
    assert.deepEqual(planBody(root).attachments.map((a) => a.filename), ['Résumé final.pdf', '€.pdf']);
  });

  it('maps related images by Content-ID and keeps them out of the list', async () => {
    const root = await structure('(("text" "html" ("charset" "utf-8") NIL NIL "7bit" 500 10 NIL NIL NIL NIL)("image" "png" ("name" "logo.png") "<Logo@Example.com>" NIL "base64" 4000 NIL ("inline" ("filename" "logo.png")) NIL NIL) "related" ("boundary" "b" "type" "text/html") NIL NIL NIL)');
    const plan = planBody(root);
    assert.deepEqual(plan.display, [{ kind: 'html', part: '1', charset: 'utf-8', size: 500 }]);
    assert.deepEqual(plan.attachments, []);
    assert.deepEqual([...plan.inlineImages], [['logo@example.com', '2']]);
  });

  it('plans a bounce (multipart/report): explanation and status shown, returned message offered', async () => {
    const root = await structure(`(("text" "plain" ("charset" "us-ascii") NIL "Notification" "7bit" 500 12 NIL NIL NIL NIL)("message" "delivery-status" NIL NIL "Delivery report" "7bit" 400 NIL NIL NIL NIL)("message" "rfc822" NIL NIL "Undelivered Message" "7bit" 1500 ${ENVELOPE} ("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 300 8 NIL NIL NIL NIL) 30 NIL NIL NIL NIL) "report" ("report-type" "delivery-status" "boundary" "x") NIL NIL NIL)`);
    const plan = planBody(root);
    assert.deepEqual(plan.display, [{ kind: 'text', part: '1', charset: 'us-ascii', size: 500 }, { kind: 'preformatted', part: '2', size: 400 }]);
    assert.deepEqual(plan.attachments.map((a) => [a.part, a.filename, a.type]), [
      ['2', 'attachment-2.txt', 'message/delivery-status'], ['3', 'Grüße.eml', 'message/rfc822'],
    ]);
  });

  it('plans a PGP-signed message', async () => {
    const root = await structure('(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 200 8 NIL NIL NIL NIL)("application" "pgp-signature" ("name" "signature.asc") NIL "OpenPGP digital signature" "7bit" 833 NIL ("attachment" ("filename" "signature.asc")) NIL NIL) "signed" ("micalg" "pgp-sha256" "protocol" "application/pgp-signature" "boundary" "s") NIL NIL NIL)');
    const plan = planBody(root);
    assert.deepEqual(plan.display, [{ kind: 'text', part: '1', charset: 'utf-8', size: 200 }]);
    assert.deepEqual(plan.attachments, [{ part: '2', filename: 'signature.asc', type: 'application/pgp-signature', size: 833, inline: false }]);
  });

  it('plans an Outlook invitation with a calendar alternative and TNEF', async () => {
    const root = await structure('((("text" "plain" ("charset" "utf-8") NIL NIL "base64" 400 6 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "base64" 2000 26 NIL NIL NIL NIL)("text" "calendar" ("charset" "utf-8" "method" "REQUEST") NIL NIL "base64" 4000 52 NIL NIL NIL NIL) "alternative" ("boundary" "a") NIL NIL NIL)("application" "ms-tnef" ("name" "winmail.dat") NIL NIL "base64" 8000 NIL ("attachment" ("filename" "winmail.dat")) NIL NIL) "mixed" ("boundary" "m") NIL NIL NIL)');
    const plan = planBody(root);
    assert.deepEqual(plan.display, [{ kind: 'html', part: '1.2', charset: 'utf-8', size: 1500 }]);
    assert.deepEqual(plan.attachments.map((a) => [a.part, a.filename]), [['1.3', 'attachment-1-3.ics'], ['2', 'winmail.dat']]);
  });
});
