// What a page says to its reader, read out of its HTML for the language tests: text, the document title, the
// attributes people see or hear (title, aria-label, placeholder, alt) and the words scripts show from data- attributes. Mail content stays out of the way by being
// German in those tests; the source view and the list of IANA time zones (names from the tz database) are left out.
import { decodeHtml } from './list.ts';

/** English words of Postern's pages that a German page must not contain (whole words). */
export const ENGLISH_UI_WORDS = [
  // Actions and places
  'Reply', 'Forward', 'Delete', 'Move', 'Copy', 'Archive', 'Junk', 'Trash', 'Inbox', 'Drafts', 'Sent', 'Search', 'Folders',
  'Folder', 'Settings', 'Compose', 'Sign', 'Cancel', 'Send', 'Save', 'Rename', 'Subscribe', 'Unsubscribe', 'Empty',
  'Mark', 'Flag', 'Unflag', 'Flagged', 'Unread', 'Select', 'Previous', 'Next', 'First', 'Last', 'Back', 'Close',
  'Shortcuts', 'Keyboard', 'Sort', 'Size', 'Date', 'Subject', 'From', 'To', 'Attachments', 'Attachment', 'Show', 'Print',
  'Source', 'Download', 'Error', 'Page', 'Pages', 'Skip', 'Yes', 'No',
  // Words of sentences
  'message', 'messages', 'result', 'results', 'folder', 'folders', 'the', 'and', 'of', 'your', 'you', 'with', 'this',
  'not', 'for', 'is', 'are', 'on', 'at', 'be', 'or', 'has', 'there', 'that', 'found', 'unread', 'sorted', 'newest',
  'oldest',
];

// Whole words, not parts of addresses, file names or media types ("message/rfc822").
const WORD = new RegExp(`(?<![\\p{L}\\p{N}_@./-])(${ENGLISH_UI_WORDS.join('|')})(?![\\p{L}\\p{N}_@/-])`, 'gu');

/** The page's words for people: text content and the seen or heard attributes, entities decoded. */
export function pageWords(html: string): string {
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<pre class="source"[\s\S]*?<\/pre>/g, ' ')
    .replace(/<select id="timeZone"[\s\S]*?<\/select>/g, ' ');
  // data-*-label, -counts, -text: words a script shows (public/*.js reads them, DESIGN.md "Languages").
  const attributes = [...cleaned.matchAll(/\s(?:title|aria-label|placeholder|alt|data-[\w-]*(?:label|counts|text|words))="([^"]*)"/g)].map((m) => m[1]!);
  const text = cleaned.replace(/<[^>]*>/g, ' ');
  return decodeHtml([...attributes, text].join(' ')).replace(/\s+/g, ' ');
}

/** The English UI words left in a page, each with a little of its context. */
export function englishLeft(html: string): string[] {
  const words = pageWords(html);
  return [...words.matchAll(WORD)].map((m) => `${m[1]} («${words.slice(Math.max(0, m.index - 30), m.index + 40).trim()}»)`);
}
