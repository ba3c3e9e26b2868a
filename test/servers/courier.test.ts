// Postern's main flows against Courier-IMAP 5.0 (Debian's courier-imap, a private instance from
// sandbox/courier.ts): separator ".", every folder under "INBOX.", no special-use flags (folders found by name),
// no MOVE (COPY + \Deleted + UID EXPUNGE), no METADATA (settings in a hidden folder).
import { startCourier } from '../helpers/servers.ts';
import { readingFlows } from './reading-flows.ts';
import { writingFlows } from './writing-flows.ts';

const traits = { prefix: 'INBOX.', delimiter: '.', specialFolders: ['Inbox', 'Drafts', 'Sent', 'Trash'] };

readingFlows('Courier', startCourier, traits);
writingFlows('Courier', startCourier, { ...traits, settingsBackend: 'folder' });
