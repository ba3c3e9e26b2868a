// The compose form's side of identities: "Change identity" without JavaScript (the form comes back with the new
// identity's signature where the old one was), and the address a user without identities typed, which becomes their
// first identity on the server (it used to live only in the session).
import type { MailAddress } from '../../compose/addresses.ts';
import { fromAllowed } from '../../compose/identity.ts';
import { swapSignature } from '../../compose/signature.ts';
import { asMailError } from '../../mail/errors/mail-errors.ts';
import { IDENTITIES, newIdentityId } from '../../settings/identities.ts';
import type { Response } from 'express';
import { mailSessionOf } from '../sessions/auth.ts';
import type { ComposeValues, Senders } from './compose-form.ts';
import type { ComposeRouteOptions } from './compose-view.ts';

/** The values with the chosen identity's signature in place of the one the body held (`signedAs`). */
export function switchedIdentity(values: ComposeValues, senders: Senders): ComposeValues {
  const to = senders.identities.find((i) => i.id === values.identity);
  if (!to) return values;
  const from = senders.identities.find((i) => i.id === values.signedAs);
  return { ...values, body: swapSignature(values.body, from?.signature, to.signature), signedAs: to.id };
}

/**
 * Stores `from` as the user's first identity, when they had none and the policy allows it. Best effort: the
 * message has gone or is saved already, and a form that asks again next time is no loss.
 */
export async function rememberTypedSender(res: Response, opts: ComposeRouteOptions, senders: Senders, from: MailAddress): Promise<void> {
  if (senders.identities.length || !fromAllowed(from.address, senders.policy)) return;
  const mail = mailSessionOf(res);
  try {
    const current = await opts.store.read(mail, IDENTITIES);
    if (current.identities.length) return;
    const id = newIdentityId();
    await opts.store.write(mail, IDENTITIES, {
      ...current,
      identities: [{ id, name: from.name.slice(0, 200), address: from.address, replyTo: '', signature: { format: 'text', content: '' } }],
      defaultId: id,
    });
  } catch (err) {
    if (!asMailError(err)) throw err;
  }
}
