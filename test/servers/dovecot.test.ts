// The flows of test/servers/ against the sandbox's own Dovecot: the baseline the other servers are held to.
import { sandboxDovecot } from '../helpers/servers.ts';
import { readingFlows } from './reading-flows.ts';
import { writingFlows } from './writing-flows.ts';

const traits = { prefix: '', delimiter: '/', specialFolders: ['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash'] };

readingFlows('Dovecot', sandboxDovecot, traits);
writingFlows('Dovecot', sandboxDovecot, { ...traits, settingsBackend: 'metadata' });
