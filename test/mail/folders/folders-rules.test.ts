import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childPath, descendantsOf, leafNameProblem, protectionReason, removalBlocker, renamedPath, subscriptionMoves, withUsualNames } from '../../../src/mail/folders/folder-rules.ts';
import { buildFolderTree, type ListedFolder, type MailboxSummary } from '../../../src/mail/folders/folder-tree.ts';

const listed = (path: string, delimiter: string, flags: string[] = []): ListedFolder => ({ path, delimiter, flags: new Set(flags), subscribed: true });
const byPath = (tree: MailboxSummary[], path: string) => tree.find((f) => f.path === path)!;

describe('leaf names that would break or disguise a folder list', () => {
  const refused: [string, string][] = [
    ['a line separator', 'a\u2028b'], ['a paragraph separator', 'a\u2029b'], ['NEL', 'a\u0085b'],
    ['another C1 control', 'a\u009bb'], ['a C0 control', 'a\u0007b'], ['DEL', 'a\u007fb'], ['a line feed', 'a\nb'],
    ['a left-to-right mark', 'Work\u200e'], ['a right-to-left mark', '\u200fWork'], ['an Arabic letter mark', 'a\u061cb'],
    ['a right-to-left override', 'Invoices\u202efdp.exe'], ['a left-to-right embedding', 'a\u202ab'], ['a pop directional formatting', 'a\u202cb'],
    ['a first strong isolate', 'a\u2068b'], ['a pop directional isolate', 'a\u2069b'], ['a right-to-left isolate', 'a\u2067b'],
  ];
  for (const [what, name] of refused) {
    it(`refuses a name with ${what}, on any server`, () => {
      for (const delimiter of ['/', '.', '']) assert.match(leafNameProblem(name, delimiter)?.english ?? '', /cannot contain control characters, line or paragraph separators, or text direction marks/);
    });
  }

  for (const [what, name] of [['nothing', ''], ['spaces', '   '], ['no-break spaces', '\u00a0\u00a0'], ['zero-width spaces', '\u200b\ufeff'], ['an ideographic space', '\u3000']]) {
    it(`refuses a name of ${what} as empty`, () => {
      assert.match(leafNameProblem(name!, '/')?.english ?? '', /Enter a name for the folder/);
    });
  }

  it('keeps names in any script, emoji sequences with joiners, and Arabic or Hebrew text without controls', () => {
    for (const name of ['Résumé', '日本語', 'עברית', 'مرحبا', 'Family 👨\u200d👩\u200d👧', 'Two  spaces', '100% * done']) {
      assert.equal(leafNameProblem(name, '/'), undefined, name);
    }
  });
});

describe('folder rules on a "/" server (Dovecot)', () => {
  const tree = buildFolderTree([
    listed('INBOX', '/'), listed('Trash', '/', ['\\Trash']), listed('Projects', '/'), listed('Projects/Postern', '/'),
    listed('Projects/Postern/2026', '/'), listed('Mail', '/'), listed('Mail/Sent', '/', ['\\Sent']), listed('Project v1.2', '/'),
  ]);

  it('protects INBOX and special-use folders with a reason that names them', () => {
    assert.match(protectionReason(byPath(tree, 'INBOX'))!.english, /Inbox is where new mail arrives/);
    assert.match(protectionReason(byPath(tree, 'Trash'))!.english, /"Trash" is your trash folder/);
    assert.equal(protectionReason(byPath(tree, 'Projects')), undefined);
  });

  it('protects a folder that holds a special-use folder', () => {
    assert.match(removalBlocker(tree, byPath(tree, 'Mail'), 'delete')!.english, /contains your sent mail folder "Sent", so it cannot be deleted/);
    assert.equal(removalBlocker(tree, byPath(tree, 'Projects'), 'rename'), undefined);
  });

  it('lists subfolders deepest first and not folders that merely share a prefix', () => {
    assert.deepEqual(descendantsOf(tree, byPath(tree, 'Projects')).map((f) => f.path), ['Projects/Postern/2026', 'Projects/Postern']);
    assert.deepEqual(descendantsOf(tree, byPath(tree, 'Project v1.2')), []);
  });

  it('refuses the delimiter in a leaf name but not a dot, a space or an ampersand', () => {
    assert.match(leafNameProblem('a/b', '/')!.english, /cannot contain "\/"/);
    assert.equal(leafNameProblem('Project v1.2 & more', '/'), undefined);
  });

  it('puts a new folder inside its parent and renames in place', () => {
    assert.equal(childPath(byPath(tree, 'Projects'), 'Résumé'), 'Projects/Résumé');
    assert.equal(childPath(undefined, 'Top'), 'Top');
    assert.equal(renamedPath(byPath(tree, 'Projects/Postern'), 'Mailer'), 'Projects/Mailer');
    assert.equal(renamedPath(byPath(tree, 'Projects'), 'Work'), 'Work');
  });
});

describe('folder rules on a "." server with the INBOX. prefix (Courier)', () => {
  const tree = buildFolderTree([listed('INBOX', '.'), listed('INBOX.Trash', '.'), listed('INBOX.Work', '.'), listed('INBOX.Work.Q1', '.')], 'INBOX.');

  it('finds the Trash by name when the server flags nothing, and protects it', () => {
    assert.match(protectionReason(byPath(tree, 'INBOX.Trash'))!.english, /trash folder/);
  });

  it('keeps the prefix when renaming and nesting', () => {
    assert.equal(renamedPath(byPath(tree, 'INBOX.Work'), 'Job'), 'INBOX.Job');
    assert.equal(childPath(byPath(tree, 'INBOX.Work'), 'Q2'), 'INBOX.Work.Q2');
    assert.match(leafNameProblem('v1.2', '.')!.english, /cannot contain "\."/);
    assert.equal(leafNameProblem('a/b', '.'), undefined);
  });
});

describe('folder rules on a flat server (no delimiter)', () => {
  const tree = buildFolderTree([listed('INBOX', ''), listed('Work', '')]);
  it('allows any leaf name and has no subfolders', () => {
    assert.equal(leafNameProblem('a/b.c', ''), undefined);
    assert.deepEqual(descendantsOf(tree, byPath(tree, 'Work')), []);
    assert.equal(renamedPath(byPath(tree, 'Work'), 'Job'), 'Job');
  });
});

describe('Archive, Junk and Trash by name on a server that flags only some folders', () => {
  const tree = withUsualNames(buildFolderTree([
    listed('INBOX', '/'), listed('Sent', '/', ['\\Sent']), listed('Spam', '/', ['\\Junk']),
    listed('trash', '/'), listed('Junk', '/'), listed('Work', '/'), listed('Work/Archive', '/'),
  ]));

  it('takes a top-level folder of the usual name for a use no folder is flagged with', () => {
    assert.equal(byPath(tree, 'trash').specialUse, 'trash');
    assert.match(protectionReason(byPath(tree, 'trash'))!.english, /trash folder/);
  });

  it('leaves a use the server flags elsewhere, and nested folders, alone', () => {
    assert.equal(byPath(tree, 'Spam').specialUse, 'junk');
    assert.equal(byPath(tree, 'Junk').specialUse, undefined);
    assert.equal(byPath(tree, 'Work/Archive').specialUse, undefined);
  });
});

describe('subscriptions a rename carries', () => {
  const sub = (path: string, subscribed: boolean): ListedFolder => ({ ...listed(path, '.'), subscribed });
  const tree = buildFolderTree([sub('INBOX', true), sub('INBOX.Work', true), sub('INBOX.Work.Q1', false), sub('INBOX.Work.Q1.Jan', true), sub('INBOX.Workshop', true)], 'INBOX.');

  it('maps the folder and each subscribed folder inside it to its new path, and nothing else', () => {
    assert.deepEqual(subscriptionMoves(tree, byPath(tree, 'INBOX.Work'), 'INBOX.Job'), [['INBOX.Work', 'INBOX.Job'], ['INBOX.Work.Q1.Jan', 'INBOX.Job.Q1.Jan']]);
  });

  it('carries a subscribed leaf alone, and nothing for an unsubscribed folder', () => {
    assert.deepEqual(subscriptionMoves(tree, byPath(tree, 'INBOX.Work.Q1.Jan'), 'INBOX.Work.Q1.January'), [['INBOX.Work.Q1.Jan', 'INBOX.Work.Q1.January']]);
    const flat = buildFolderTree([sub('INBOX', true), sub('Notes', false)]);
    assert.deepEqual(subscriptionMoves(flat, byPath(flat, 'Notes'), 'Memos'), []);
  });
});
