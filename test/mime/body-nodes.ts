import type { BodyNode } from '../../src/mime/body-structure.ts';

// Builders for the shapes imapflow returns (lower-case types, decoded parameters, no `part` at the root).
export const text = (over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: '7bit', size: 100, ...over });
export const html = (over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'text/html', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable', size: 400, ...over });
export const multipart = (subtype: string, childNodes: BodyNode[], over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: `multipart/${subtype}`, childNodes, ...over });
export const file = (type: string, filename: string | undefined, over: Partial<BodyNode> = {}): BodyNode => ({
  type, encoding: 'base64', size: 4000, disposition: 'attachment', ...(filename ? { dispositionParameters: { filename } } : {}), ...over,
});
export const image = (cid: string | undefined, over: Partial<BodyNode> = {}): BodyNode =>
  ({ type: 'image/png', encoding: 'base64', size: 800, ...(cid ? { id: `<${cid}>` } : {}), disposition: 'inline', ...over });
export const message = (body: BodyNode, subject?: string, over: Partial<BodyNode> = {}): BodyNode => ({
  type: 'message/rfc822', encoding: '7bit', size: 2000, childNodes: [body],
  envelope: { subject, date: new Date('2024-03-01T09:30:00Z'), from: [{ name: 'Ann Example', address: 'ann@example.com' }] }, ...over,
});

// What planBody is expected to return for a part: shown text, HTML, preformatted, enriched, an embedded message,
// or an attachment entry.
export const T = (part: string, extra: object = {}) => ({ kind: 'text', part, charset: 'utf-8', size: 100, ...extra });
export const H = (part: string, extra: object = {}) => ({ kind: 'html', part, charset: 'utf-8', size: 400, ...extra });
export const A = (part: string, filename: string, type: string, size: number, extra: object = {}) =>
  ({ part, filename, type, size, inline: false, ...extra });
export const P = (part: string, size: number) => ({ kind: 'preformatted', part, size });
export const E = (part: string, extra: object = {}) => ({ kind: 'enriched', part, size: 50, ...extra });
export const M = (part: string, subject?: string) => ({
  kind: 'embedded-message', part, ...(subject ? { subject } : {}), from: 'Ann Example <ann@example.com>', date: '2024-03-01T09:30:00.000Z',
});
