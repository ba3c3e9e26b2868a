// Postern's main flows against Cyrus IMAP 3.6 (Debian's cyrus-imapd, a private instance from sandbox/cyrus.ts):
// separator ".", no namespace prefix, special-use flags in lower case, MOVE, and METADATA that refuses entries
// it does not define unless the admin allows them (annotation_allow_undefined).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import { USER_SETTINGS } from '../../src/settings/user-settings.ts';
import type { CyrusInfo } from '../../sandbox/cyrus.ts';
import { startCyrus, type ServerUnderTest } from '../helpers/servers.ts';
import { instance } from '../settings/settings-helpers.ts';
import { readingFlows } from './reading-flows.ts';
import { writingFlows } from './writing-flows.ts';

const traits = { prefix: '', delimiter: '.', specialFolders: ['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash'] };

readingFlows('Cyrus', startCyrus, traits);
// As installed, Cyrus answers SETMETADATA of /private/vendor/postern/... with "NO Permission denied".
writingFlows('Cyrus', startCyrus, { ...traits, settingsBackend: 'folder' });

describe('settings on Cyrus, whose METADATA takes only entries it defines', () => {
  let cyrus: ServerUnderTest<CyrusInfo>;
  before(async () => {
    cyrus = await startCyrus();
  });

  it('picks the hidden folder in auto mode where Cyrus refuses undefined entries, METADATA where its admin allowed them', async () => {
    const user = await cyrus.newUser('meta');
    const settings = { ...USER_SETTINGS.empty(), theme: 'dark' as const };
    const strict = await instance(cyrus.info, user, 'auto');
    const open = await instance({ ...cyrus.info, imapPort: cyrus.server.info.openMetadataPort }, user, 'auto');
    try {
      assert.equal(await strict.store.backendKind(strict.session), 'folder');
      assert.equal(await open.store.backendKind(open.session), 'metadata');
      await open.store.write(open.session, USER_SETTINGS, settings);
      assert.deepEqual(await open.store.read(open.session, USER_SETTINGS), settings);
      assert.deepEqual([...strict.logs, ...open.logs], []);
    } finally {
      await strict.close();
      await open.close();
    }
  });

  it('says the settings cannot be saved when SETTINGS_STORE=metadata is forced on a Cyrus that refuses the entries', async () => {
    const user = await cyrus.newUser('forced');
    const forced = await instance(cyrus.info, user, 'metadata');
    try {
      assert.equal(await forced.store.backendKind(forced.session), 'metadata');
      await assert.rejects(forced.store.write(forced.session, USER_SETTINGS, USER_SETTINGS.empty()), (err) => err instanceof MailError && err.kind === 'rejected');
    } finally {
      await forced.close();
    }
  });
});
