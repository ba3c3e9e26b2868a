// Seeding a real mailbox with the demo set over IMAP: folders, counts, order, flags and dates as generated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { DEMO_FOLDERS, demoMessages } from '../../sandbox/demo-mail.ts';
import { seedDemoAccount } from '../../sandbox/seed.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { messages, SPECIAL } from './demo-mail-helpers.ts';

describe('seedDemoAccount', () => {
  it('creates the folders and appends every message, oldest first, with its flags and date', async () => {
    const info = await sandbox();
    const user = await newUser('demo');
    const domain = info.mailDomain;
    const expected = await demoMessages({ user: user.name, domain });
    const { appended } = await seedDemoAccount({ host: info.host, port: info.imapPort, secure: false, caFile: info.caFile, user: user.name, password: user.password, domain });
    assert.equal(appended, expected.length);

    const client = new ImapFlow({
      host: info.host, port: info.imapPort, secure: false, doSTARTTLS: true, tls: { ca: readFileSync(info.caFile) },
      auth: { user: user.name, pass: user.password }, logger: false,
    });
    await client.connect();
    try {
      const listed = await client.list({ statusQuery: { messages: true } });
      const count = (box: string) => expected.filter((m) => m.mailbox.join('/') === box).length;
      for (const folder of DEMO_FOLDERS) {
        const box = listed.find((b) => b.path === folder.join(b.delimiter));
        assert.ok(box, `folder ${folder.join('/')}`);
        assert.equal(box.status?.messages, count(folder.join('/')));
      }
      for (const use of SPECIAL) {
        const box = listed.find((b) => b.specialUse === `\\${use}`);
        assert.equal(box?.status?.messages, count(use), use);
      }
      const lock = await client.getMailboxLock('INBOX');
      try {
        const fetched = [];
        for await (const m of client.fetch('1:*', { internalDate: true, envelope: true, flags: true })) fetched.push(m);
        assert.equal(fetched.length, count('INBOX'));
        const times = fetched.map((m) => new Date(m.internalDate!).getTime());
        assert.deepEqual(times, [...times].sort((a, b) => a - b));
        assert.ok(fetched.every((m) => new Date(m.envelope?.date ?? 0).getTime() === new Date(m.internalDate!).getTime()));
        const unseen = fetched.filter((m) => !m.flags?.has('\\Seen')).length;
        assert.equal(unseen, expected.filter((m) => m.mailbox[0] === 'INBOX' && !m.flags.includes('\\Seen')).length);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  });
});
