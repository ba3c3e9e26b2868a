import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SIGNATURE_BYTES, sniffRasterImage } from '../../src/mime/image-signature.ts';
import { servePartAs } from '../../src/mime/part-serving.ts';
import { BYTES, GIF, JPEG, PHISHING_HTML, SVG, WEBP } from '../fixtures/parts.ts';
import { PDF, PNG } from '../fixtures/messages.ts';

describe('sniffRasterImage', () => {
  const cases: [string, Uint8Array, string | undefined][] = [
    ['PNG', PNG, 'image/png'], ['JPEG', JPEG, 'image/jpeg'], ['GIF89a', GIF, 'image/gif'],
    ['GIF87a', Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'), 'image/gif'], ['WebP', WEBP, 'image/webp'],
    ['SVG', SVG, undefined], ['HTML', PHISHING_HTML, undefined], ['PDF', PDF, undefined],
    ['an empty part', Buffer.alloc(0), undefined],
    ['a PNG signature cut short', PNG.subarray(0, 7), undefined],
    ['a RIFF that is not WebP (WAVE)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), undefined],
    ['a RIFF cut before its form type', WEBP.subarray(0, 10), undefined],
    ['"GIF8" alone', Buffer.from('GIF8'), undefined],
    ['HTML after a PNG-like first byte', Buffer.from('\x89PNG<html>', 'latin1'), undefined],
    ['a BOM before an SVG', Buffer.from('\ufeff<svg xmlns="http://www.w3.org/2000/svg">'), undefined],
  ];
  for (const [what, head, want] of cases) {
    it(`${want ? `recognizes ${want} in` : 'recognizes no image in'} ${what}`, () => {
      assert.equal(sniffRasterImage(head.subarray(0, SIGNATURE_BYTES)), want);
    });
  }
});

describe('servePartAs', () => {
  it('shows a declared image inline with the type its bytes really are', () => {
    assert.deepEqual(servePartAs('image/png', 'inline', PNG), { contentType: 'image/png', inline: true });
    assert.deepEqual(servePartAs('image/jpg', '', JPEG), { contentType: 'image/jpeg', inline: true });
    assert.deepEqual(servePartAs('IMAGE/PNG', '', JPEG), { contentType: 'image/jpeg', inline: true }, 'a mislabelled JPEG is still a JPEG');
  });

  it('keeps a real image the sender attached as a download, typed so <img> still decodes it', () => {
    assert.deepEqual(servePartAs('image/gif', 'Attachment', GIF), { contentType: 'image/gif', inline: false });
  });

  it('serves everything else as opaque bytes to save', () => {
    for (const [declared, bytes] of [['image/png', PHISHING_HTML], ['image/svg+xml', SVG], ['image/svg+xml', PNG], ['text/html', PHISHING_HTML],
      ['application/pdf', PDF], ['application/octet-stream', PNG], ['text/plain', BYTES.png], ['image/tiff', PNG], ['image/png', Buffer.alloc(0)]] as const) {
      assert.deepEqual(servePartAs(declared, 'inline', bytes), { contentType: 'application/octet-stream', inline: false }, `${declared} holding ${bytes.subarray(0, 8).toString('latin1')}`);
    }
  });
});
