import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildFolderTree, type ListedFolder } from '../../../src/mail/folders/folder-tree.ts';

const f = (path: string, flags: string[] = [], delimiter = '/', status = { messages: 1, unseen: 0 }): ListedFolder =>
  ({ path, delimiter, flags: new Set(flags), subscribed: true, status });

describe('buildFolderTree', () => {
  it('orders INBOX, special-use folders, then the rest, with children under parents (Dovecot)', () => {
    const tree = buildFolderTree([
      f('Work'), f('Trash', ['\\Trash']), f('INBOX'), f('Work/Clients'), f('Sent', ['\\Sent']), f('Drafts', ['\\Drafts']),
      f('Archive', ['\\Archive']), f('Junk', ['\\Junk']), f('Archive/2024'), f('Amsterdam'),
    ]);
    assert.deepEqual(tree.map((m) => [m.path, m.depth, m.specialUse ?? '']), [
      ['INBOX', 0, 'inbox'], ['Drafts', 0, 'drafts'], ['Sent', 0, 'sent'], ['Archive', 0, 'archive'], ['Archive/2024', 1, ''],
      ['Junk', 0, 'junk'], ['Trash', 0, 'trash'], ['Amsterdam', 0, ''], ['Work', 0, ''], ['Work/Clients', 1, ''],
    ]);
    assert.equal(tree.find((m) => m.path === 'Work/Clients')?.name, 'Clients');
  });

  it('leaves out the folder Postern keeps settings in (Dovecot, and under Courier\'s INBOX. prefix)', () => {
    assert.deepEqual(buildFolderTree([f('INBOX'), f('Postern Settings'), f('Work')]).map((m) => m.path), ['INBOX', 'Work']);
    const courier = buildFolderTree([f('INBOX', [], '.'), f('INBOX.Postern Settings', [], '.'), f('INBOX.Work', [], '.')], 'INBOX.');
    assert.deepEqual(courier.map((m) => m.path), ['INBOX', 'INBOX.Work']);
    // Only that exact folder: a user's own folders of similar names stay.
    const own = buildFolderTree([f('INBOX'), f('Work'), f('Work/Postern Settings'), f('postern settings')]).map((m) => m.path);
    assert.deepEqual(own.sort(), ['INBOX', 'Work', 'Work/Postern Settings', 'postern settings'].sort());
  });

  it('compares special-use flags case-insensitively (Cyrus sends \\sent)', () => {
    const tree = buildFolderTree([f('INBOX', [], '.'), f('Gesendet', ['\\sent'], '.'), f('Papierkorb', ['\\TRASH'], '.')]);
    assert.equal(tree.find((m) => m.path === 'Gesendet')?.specialUse, 'sent');
    assert.equal(tree.find((m) => m.path === 'Papierkorb')?.specialUse, 'trash');
  });

  it('ignores well-known names when the server flags its special folders', () => {
    const tree = buildFolderTree([f('INBOX'), f('Sent Items', ['\\Sent']), f('Sent'), f('Trash')]);
    assert.equal(tree.find((m) => m.path === 'Sent Items')?.specialUse, 'sent');
    assert.equal(tree.find((m) => m.path === 'Sent')?.specialUse, undefined);
    assert.equal(tree.find((m) => m.path === 'Trash')?.specialUse, undefined);
  });

  it('falls back to well-known names and hides the INBOX. prefix when the server flags nothing (Courier)', () => {
    const tree = buildFolderTree([
      f('INBOX', [], '.'), f('INBOX.Sent', [], '.'), f('INBOX.Drafts', [], '.'), f('INBOX.Trash', [], '.'),
      f('INBOX.Projects', ['\\HasChildren'], '.'), f('INBOX.Projects.Postern', [], '.'),
    ], 'INBOX.');
    assert.deepEqual(tree.map((m) => [m.path, m.name, m.depth, m.specialUse ?? '']), [
      ['INBOX', 'Inbox', 0, 'inbox'], ['INBOX.Drafts', 'Drafts', 0, 'drafts'], ['INBOX.Sent', 'Sent', 0, 'sent'],
      ['INBOX.Trash', 'Trash', 0, 'trash'], ['INBOX.Projects', 'Projects', 0, ''], ['INBOX.Projects.Postern', 'Postern', 1, ''],
    ]);
  });

  it('splits on the server delimiter only: a "." in a Dovecot name is part of the name', () => {
    const tree = buildFolderTree([f('INBOX'), f('v1.2 notes'), f('a/b.c')]);
    assert.equal(tree.find((m) => m.path === 'v1.2 notes')?.name, 'v1.2 notes');
    assert.equal(tree.find((m) => m.path === 'v1.2 notes')?.depth, 0);
    assert.equal(tree.find((m) => m.path === 'a/b.c')?.name, 'b.c');
  });

  it('marks \\Noselect folders unselectable and carries unread counts', () => {
    const tree = buildFolderTree([f('INBOX', [], '/', { messages: 10, unseen: 3 }), f('Parent', ['\\Noselect']), f('Parent/Child')]);
    assert.equal(tree.find((m) => m.path === 'Parent')?.selectable, false);
    assert.equal(tree.find((m) => m.path === 'INBOX')?.unseen, 3);
    assert.equal(tree.find((m) => m.path === 'Parent/Child')?.depth, 1);
  });
});
