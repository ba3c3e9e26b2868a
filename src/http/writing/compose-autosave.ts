// Autosave (public/compose-guard.js): the form's own "Save draft", posted by the script every 30 s while the form
// changes and once more when the page is left, with autosave=1. It is answered with JSON instead of a redirect,
// since the page stays: the new draft's UID (the next save replaces that one) and the draft's attachment list
// rendered as the form shows it, because the draft now holds the files just uploaded and the script empties the
// file field. A form that cannot be saved as it is (an address half typed) is left for the next round: nothing is
// stored, nothing is shown, and the user's Send or Save still gets the form's own checks.
import type { Response } from 'express';
import { mailSessionOf } from '../sessions/auth.ts';
import type { ComposeContext } from './compose-form.ts';
import { carriedFor } from './compose-view.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { carriedView } from '../presenters/compose-page.ts';

export const isAutosave = (fields: Map<string, string[]>) => fields.get('autosave')?.[0] === '1';

export function autosaveSkipped(res: Response): void {
  res.status(200).json({ saved: false });
}

export async function autosaveAnswer(res: Response, draftUid: number, original: ComposeContext['original']): Promise<void> {
  const carried = await carriedFor(mailSessionOf(res), { draft: draftUid, original });
  const html = await new Promise<string>((resolve, reject) => {
    res.render('partials/compose-carried', { carried: carriedView(carried, undefined, localeOf(res)) }, (err, out) => (err ? reject(err) : resolve(out)));
  });
  res.status(200).json({ saved: true, draft: draftUid, carried: html });
}
