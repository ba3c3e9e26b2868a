// DESIGN.md: imports point one way. http -> mail, mime, compose, settings, contacts, remote, pop3; mail -> imapflow,
// mime; mime -> nothing with I/O; compose -> nodemailer; settings -> mail, mime (IMAP only through MailSession);
// contacts -> settings, mail, mime; remote (fetching from the web) -> mime; pop3 -> sockets of its own, nothing of
// ours (its target and stores come as interfaces). This test reads every import in src/ and fails on one that
// points the wrong way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '');
}

const ALLOWED_LAYERS: Record<string, string[]> = {
  http: ['http', 'mail', 'mime', 'compose', 'settings', 'contacts', 'remote', 'pop3', 'config'],
  mail: ['mail', 'mime'],
  mime: ['mime'],
  compose: ['compose', 'mime', 'mail'],
  settings: ['settings', 'mail', 'mime'],
  contacts: ['contacts', 'settings', 'mail', 'mime'],
  remote: ['remote', 'mime'],
  pop3: ['pop3'],
  config: [],
};
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  http: /^(imapflow|nodemailer)/,
  mail: /^(express|nodemailer|ejs)/,
  mime: /^(imapflow|nodemailer|express|node:(fs|net|tls|http|https|child_process|dgram|dns))/,
  compose: /^(imapflow|express)/,
  settings: /^(imapflow|nodemailer|express|ejs)/,
  contacts: /^(imapflow|nodemailer|express|ejs)/,
  remote: /^(imapflow|nodemailer|express|ejs)/,
  pop3: /^(imapflow|nodemailer|express|ejs|redis)/,
};

test('imports in src/ point only down the layers of DESIGN.md', () => {
  const wrong: string[] = [];
  for (const file of files(SRC)) {
    const layer = layerOf(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (!spec) continue;
      if (spec.startsWith('.')) {
        const target = layerOf(path.resolve(path.dirname(file), spec));
        if (ALLOWED_LAYERS[layer] && !ALLOWED_LAYERS[layer].includes(target)) wrong.push(`${path.relative(SRC, file)} imports ${spec}`);
      } else if (FORBIDDEN_PACKAGES[layer]?.test(spec)) {
        wrong.push(`${path.relative(SRC, file)} imports package ${spec}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('only config.ts and main.ts read process.env', () => {
  const readers = files(SRC).filter((f) => /process\.env/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(SRC, f));
  assert.deepEqual(readers.sort(), ['main.ts'].sort());
});
