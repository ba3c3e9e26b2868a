// Which folders the sidebar shows: pure shaping of a LIST answer, so the rules are tested without a server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildFolderTree, type ListedFolder } from '../../src/mail/folders/folder-tree.ts';
import { sidebarFolders } from '../../src/http/presenters/folders.ts';

const folder = (path: string, subscribed: boolean, flags: string[] = [], delimiter = '/'): ListedFolder => ({ path, delimiter, flags: new Set(flags), subscribed });

describe('the sidebar folders', () => {
  const tree = buildFolderTree([
    folder('INBOX', false), folder('Sent', false, ['\\Sent']), folder('Trash', true, ['\\Trash']),
    folder('Lists', false), folder('Lists/Node', true), folder('Lists/Node/Old', false), folder('Lists/Rust', false),
    folder('Projects', true), folder('Projects/Done', false), folder('Hidden', false),
  ]);
  const paths = (current?: string) => sidebarFolders(tree, current).map((f) => f.path);

  it('shows subscribed folders, INBOX and special-use folders, and the parents of subscribed folders, in tree order', () => {
    assert.deepEqual(paths(), ['INBOX', 'Sent', 'Trash', 'Lists', 'Lists/Node', 'Projects']);
  });

  it('leaves out unsubscribed folders, unless it is the one being shown', () => {
    assert.deepEqual(paths('Lists/Node/Old'), ['INBOX', 'Sent', 'Trash', 'Lists', 'Lists/Node', 'Lists/Node/Old', 'Projects']);
    assert.deepEqual(paths('Hidden'), ['INBOX', 'Sent', 'Trash', 'Hidden', 'Lists', 'Lists/Node', 'Projects']);
  });

  it('finds the parents with the server\'s delimiter and namespace prefix (Courier)', () => {
    const courier = buildFolderTree([folder('INBOX', true, [], '.'), folder('INBOX.a', false, [], '.'), folder('INBOX.a.b', false, [], '.'), folder('INBOX.a.b.c', true, [], '.'), folder('INBOX.x', false, [], '.')], 'INBOX.');
    assert.deepEqual(sidebarFolders(courier, undefined).map((f) => f.path), ['INBOX', 'INBOX.a', 'INBOX.a.b', 'INBOX.a.b.c']);
  });
});
