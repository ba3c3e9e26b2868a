// The labels part of the settings form: one row per label (its keyword hidden, its name and colour), a "remove" box
// per row, and one empty row for a new label. A new label gets a keyword made from its name (settings/labels.ts);
// a renamed one keeps its keyword, so the mail that carries it keeps the label. Unchanged standard labels are not
// stored (null), so they go on being named in the reader's language.
import { LABEL_COLOURS, MAX_LABEL_NAME, MAX_LABELS, keywordFor, type Label, type LabelColour } from '../../settings/labels.ts';
import type { ShownLabel } from '../lists/labels.ts';
import { msg } from '../i18n/translator.ts';

export interface LabelRowInput {
  keyword: string;
  name: string;
  colour: string;
  remove: boolean;
}

export interface LabelsFormResult {
  /** undefined when the form had no labels section (an older page) */
  value?: Label[] | null | undefined;
  input: LabelRowInput[];
  error?: { key: string; values?: Record<string, string | number> } | undefined;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : typeof v === 'string' ? [v] : []);
const KEYWORD = /^[A-Za-z0-9$_.-]{1,64}$/;
const isColour = (c: string): c is LabelColour => (LABEL_COLOURS as readonly string[]).includes(c);

export function parseLabelsForm(body: Record<string, unknown>, standard: readonly ShownLabel[]): LabelsFormResult {
  if (body.labelsShown !== '1') return { input: [] };
  const keywords = list(body.labelKeyword);
  const names = list(body.labelName);
  const colours = list(body.labelColour);
  const removed = new Set(list(body.labelRemove).map((k) => k.toLowerCase()));
  const input = keywords.slice(0, MAX_LABELS + 1).map((keyword, i) => ({
    keyword, name: (names[i] ?? '').trim(), colour: colours[i] ?? '', remove: !!keyword && removed.has(keyword.toLowerCase()),
  }));
  const kept = input.filter((row) => !row.remove && (row.keyword || row.name));
  for (const row of kept) {
    if (row.keyword && !KEYWORD.test(row.keyword)) return { input, error: { key: msg('settings:errors.labelKeyword') } };
    if (!row.name || row.name.length > MAX_LABEL_NAME) return { input, error: { key: msg('settings:errors.labelName'), values: { max: MAX_LABEL_NAME } } };
    if (!isColour(row.colour)) return { input, error: { key: msg('settings:errors.labelColour') } };
  }
  if (kept.length > MAX_LABELS) return { input, error: { key: msg('settings:errors.labelsTooMany'), values: { max: MAX_LABELS } } };
  const taken = kept.flatMap((row) => (row.keyword ? [row.keyword] : []));
  const value: Label[] = kept.map((row) => {
    const keyword = row.keyword || keywordFor(row.name, taken);
    if (!row.keyword) taken.push(keyword);
    return { keyword, name: row.name, colour: row.colour as LabelColour };
  });
  const unchanged = value.length === standard.length
    && value.every((l, i) => l.keyword === standard[i]!.keyword && l.name === standard[i]!.name && l.colour === standard[i]!.colour);
  return { value: unchanged ? null : value, input };
}
