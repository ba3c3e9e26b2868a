// Labels: names and colours the user gives to IMAP keywords, kept in the "settings" document. The messages carry
// the keyword itself, on the server, so every mail client sees the same labels on the same mail. The standard five
// are Thunderbird's ($label1..$label5: Important, Work, Personal, To do, Later), so Thunderbird shows them too;
// a label of the user's own gets a keyword made from its name, as Thunderbird makes its tag keys.
import { z } from 'zod';

/** A fixed palette: every colour has a light and a dark chip in public/conversations.css and dark.css that keep AA contrast. */
export const LABEL_COLOURS = ['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink', 'grey'] as const;
export type LabelColour = (typeof LABEL_COLOURS)[number];

export const MAX_LABELS = 30;
export const MAX_LABEL_NAME = 40;

// An IMAP atom without the characters atom-specials forbids (RFC 3501 section 9), and no leading backslash (that is
// a system flag); ASCII only, since keywords are atoms.
const KEYWORD = /^[A-Za-z0-9$_.-]{1,64}$/;

export const labelSchema = z.object({
  keyword: z.string().regex(KEYWORD),
  name: z.string().trim().min(1).max(MAX_LABEL_NAME),
  colour: z.enum(LABEL_COLOURS),
});

export type Label = z.infer<typeof labelSchema>;

/** The standard labels, named in the reader's language until the user renames them (settings catalog). */
export const STANDARD_LABELS = [
  { keyword: '$label1', colour: 'red', standard: 'important' },
  { keyword: '$label2', colour: 'orange', standard: 'work' },
  { keyword: '$label3', colour: 'green', standard: 'personal' },
  { keyword: '$label4', colour: 'blue', standard: 'todo' },
  { keyword: '$label5', colour: 'purple', standard: 'later' },
] as const;

/** Stored labels: one that does not fit is dropped on its own, and a keyword only once (keywords ignore case). */
export const labelsField = z.array(z.unknown())
  .transform((list) => {
    const seen = new Set<string>();
    return list.flatMap((item) => {
      const one = labelSchema.safeParse(item);
      if (!one.success || seen.has(one.data.keyword.toLowerCase())) return [];
      seen.add(one.data.keyword.toLowerCase());
      return [one.data];
    }).slice(0, MAX_LABELS);
  });

// Keywords with a meaning of their own to mail clients and filters (IANA "IMAP and JMAP Keywords"): a label named
// "Junk" must not mark its mail as spam.
const RESERVED = new Set(['junk', 'nonjunk', 'notjunk', '$junk', '$notjunk', '$forwarded', '$mdnsent', '$phishing', '$submitpending', '$submitted', '$important']);

/** The keyword for a new label named `name`: its letters and digits, lower case; unique among `taken`. */
export function keywordFor(name: string, taken: readonly string[]): string {
  const base = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 40);
  const stem = !base ? '$postern_label' : RESERVED.has(base) || /^\$?label\d+$/.test(base) ? `${base}_label` : base;
  const used = new Set(taken.map((k) => k.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = n === 1 && base ? stem : `${stem}_${n}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
