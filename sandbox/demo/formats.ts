// The demo attachments, built in code rather than committed as binaries: they stay tiny,
// byte-identical on every run, and reviewable. Each one is a valid file of its type so the
// webmail's inline image and download paths are exercised with real content.
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** Truecolor PNG (colour type 2, 8 bit); the IDAT is zlib-wrapped as RFC 2083 requires. */
export function png(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0 (None)
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Four-colour GIF89a. The LZW stream sends a clear code after every two literals, so the
 * code width stays at 3 bits and no dictionary is needed: valid for every decoder, just
 * not compressed, which does not matter at this size.
 */
export function gif(width: number, height: number, palette: readonly [Rgb, Rgb, Rgb, Rgb], pixel: (x: number, y: number) => 0 | 1 | 2 | 3): Buffer {
  const codes: number[] = [];
  const clear = 4;
  const end = 5;
  let run = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (run % 2 === 0) codes.push(clear);
      codes.push(pixel(x, y));
      run++;
    }
  }
  codes.push(end);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const code of codes) {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes.push(acc & 0xff);
  const blocks: number[] = [];
  for (let i = 0; i < bytes.length; i += 255) {
    const block = bytes.slice(i, i + 255);
    blocks.push(block.length, ...block);
  }
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen.set([0x91, 0, 0], 4); // global colour table of 4 entries, 2-bit colour resolution
  const image = Buffer.alloc(10);
  image[0] = 0x2c;
  image.writeUInt16LE(width, 5);
  image.writeUInt16LE(height, 7);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    screen,
    Buffer.from(palette.flat()),
    image,
    Buffer.from([2, ...blocks, 0, 0x3b]), // LZW minimum code size 2, data, block terminator, trailer
  ]);
}

/** One-page PDF 1.4 with Helvetica text; the xref offsets are computed, so readers need no repair. */
export function pdf(title: string, lines: readonly string[]): Buffer {
  const escape = (s: string): string => s.replace(/[\\()]/g, (c) => '\\' + c);
  const text = [`BT /F1 20 Tf 72 770 Td (${escape(title)}) Tj ET`]
    .concat(lines.map((line, i) => `BT /F1 12 Tf 72 ${730 - i * 18} Td (${escape(line)}) Tj ET`))
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'; // the binary comment tells transfer tools this is not text
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** ZIP with stored and deflated entries, fixed timestamps (APPNOTE 4.3.7, 4.3.12, 4.3.16). */
export function zip(entries: readonly { name: string; content: string | Buffer; deflate?: boolean }[]): Buffer {
  const time = (12 << 11) | (0 << 5); // 12:00:00 in MS-DOS format
  const date = ((2025 - 1980) << 9) | (6 << 5) | 1; // 2025-06-01
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.from(entry.content);
    const stored = entry.deflate ? deflateRawSync(data, { level: 9 }) : data;
    const name = Buffer.from(entry.name, 'utf8');
    const fields = (header: Buffer, at: number): void => {
      header.writeUInt16LE(entry.deflate ? 8 : 0, at);
      header.writeUInt16LE(time, at + 2);
      header.writeUInt16LE(date, at + 4);
      header.writeUInt32LE(crc32(data), at + 6);
      header.writeUInt32LE(stored.length, at + 10);
      header.writeUInt32LE(data.length, at + 14);
      header.writeUInt16LE(name.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 8);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    fields(central, 10);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, eocd]);
}
