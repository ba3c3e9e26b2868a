// planBody over structures built to hurt: deep nesting, 200,000 parts, cycles, junk fields and children, __proto__.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planBody, type BodyNode } from '../../src/mime/body-structure.ts';
import { text, html, multipart, file, image, message, T, A } from './body-nodes.ts';

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
