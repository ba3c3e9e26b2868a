// The user's labels as pages show them (settings/labels.ts): the stored list, or the standard five named in the
// reader's language; and the chips of one message or conversation, for the keywords it carries that have a label.
import type { Response } from 'express';
import { STANDARD_LABELS, type Label, type LabelColour } from '../../settings/labels.ts';
import { msg, type Translate } from '../i18n/translator.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { settingsOf } from '../sessions/load-settings.ts';

export interface ShownLabel {
  keyword: string;
  name: string;
  colour: LabelColour;
}

const STANDARD_NAMES: Record<(typeof STANDARD_LABELS)[number]['standard'], string> = {
  important: msg('settings:labels.standard.important'), work: msg('settings:labels.standard.work'),
  personal: msg('settings:labels.standard.personal'), todo: msg('settings:labels.standard.todo'), later: msg('settings:labels.standard.later'),
};

export function standardLabels(t: Translate): ShownLabel[] {
  return STANDARD_LABELS.map((l) => ({ keyword: l.keyword, colour: l.colour, name: t(STANDARD_NAMES[l.standard]) }));
}

export function shownLabels(stored: readonly Label[] | null | undefined, t: Translate): ShownLabel[] {
  return stored ? stored.map((l) => ({ ...l })) : standardLabels(t);
}

/** The signed-in user's labels, in the page's language. */
export function labelsOf(res: Response): ShownLabel[] {
  return shownLabels(settingsOf(res)?.labels, localeOf(res).t);
}

/** The label of a keyword; keywords compare without case (RFC 3501 section 2.3.2). */
export function labelFor(labels: readonly ShownLabel[], keyword: string | undefined): ShownLabel | undefined {
  if (!keyword) return undefined;
  const wanted = keyword.toLowerCase();
  return labels.find((l) => l.keyword.toLowerCase() === wanted);
}

/** The chips for `keywords`, in the order of the user's labels; keywords without a label ($Junk ...) show none. */
export function chipsFor(keywords: readonly string[], labels: readonly ShownLabel[]): ShownLabel[] {
  const carried = new Set(keywords.map((k) => k.toLowerCase()));
  return labels.filter((l) => carried.has(l.keyword.toLowerCase()));
}

/** The label chosen in a form, with its name; a keyword the user has no label for keeps its own name. */
export function chosenLabel(res: Response, keyword: string | undefined): { keyword: string; name: string } | undefined {
  if (!keyword) return undefined;
  return { keyword, name: labelFor(labelsOf(res), keyword)?.name ?? keyword };
}
