// The identity form of Settings, Identities (POST /settings/identities), parsed once at the edge: the address must
// be one and be allowed by IDENTITY_POLICY (checked again at every send), the signature is plain text or HTML run
// through the reader's own allow-list sanitizer (src/mime/sanitize-html.ts), which keeps no remote image: a
// signature that loads a picture from the web would tell its owner when each message is read.
import { isValidAddress } from '../../compose/addresses.ts';
import { fromAllowed, type PolicyContext, type Signature } from '../../compose/identity.ts';
import { sanitizeEmailHtml } from '../../mime/sanitize-html.ts';
import { MAX_NAME_CHARS, MAX_SIGNATURE_CHARS } from '../../settings/identities.ts';
import { msg } from '../i18n/translator.ts';
import type { Keyed } from '../i18n/user-text.ts';

/** The fields as typed, for the form shown again. */
export interface IdentityInput {
  id: string;
  name: string;
  address: string;
  replyTo: string;
  signatureFormat: string;
  signature: string;
  makeDefault: boolean;
}

export interface IdentityValue {
  name: string;
  address: string;
  replyTo: string;
  signature: Signature;
}

export type IdentityFormResult =
  | { ok: true; input: IdentityInput; value: IdentityValue }
  | { ok: false; input: IdentityInput; errors: Partial<Record<keyof IdentityInput, Keyed>> };

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const CONTROLS = /[\u0000-\u001f\u007f]/;

/** An HTML signature as it will be stored and sent: sanitized, remote images refused rather than silently lost. */
export function cleanSignatureHtml(html: string): { html: string; remoteImages: number } {
  const clean = sanitizeEmailHtml(html, { resolveCid: () => undefined });
  return { html: clean.html.trim(), remoteImages: clean.blockedRemoteImages };
}

export function parseIdentityForm(body: Record<string, unknown>, policy: PolicyContext): IdentityFormResult {
  const input: IdentityInput = {
    id: text(body.id), name: text(body.name).trim(), address: text(body.address).trim(), replyTo: text(body.replyTo).trim(),
    signatureFormat: text(body.signatureFormat) === 'html' ? 'html' : 'text',
    signature: text(body.signature).replace(/\r\n?/g, '\n'), makeDefault: text(body.makeDefault) === '1',
  };
  const errors: Partial<Record<keyof IdentityInput, Keyed>> = {};
  if (input.name.length > MAX_NAME_CHARS) errors.name = { key: msg('identities:errors.nameTooLong'), values: { max: MAX_NAME_CHARS } };
  else if (CONTROLS.test(input.name)) errors.name = { key: msg('identities:errors.nameControls') };

  if (!input.address) errors.address = { key: msg('identities:errors.addressMissing') };
  else if (!isValidAddress(input.address)) errors.address = { key: msg('identities:errors.addressInvalid'), values: { address: input.address.slice(0, 254) } };
  else if (!fromAllowed(input.address, policy)) errors.address = { key: msg('identities:errors.notAllowed'), values: { address: input.address, policy: policy.policy } };

  if (input.replyTo && !isValidAddress(input.replyTo)) errors.replyTo = { key: msg('identities:errors.addressInvalid'), values: { address: input.replyTo.slice(0, 254) } };

  let content = input.signature.replace(/\s+$/, '');
  if (content.length > MAX_SIGNATURE_CHARS) {
    errors.signature = { key: msg('identities:errors.signatureTooLong'), values: { max: MAX_SIGNATURE_CHARS } };
  } else if (input.signatureFormat === 'html') {
    const clean = cleanSignatureHtml(content);
    if (clean.remoteImages) errors.signature = { key: msg('identities:errors.remoteImages') };
    else if (clean.html.length > MAX_SIGNATURE_CHARS) errors.signature = { key: msg('identities:errors.signatureTooLong'), values: { max: MAX_SIGNATURE_CHARS } };
    content = clean.html;
  }
  if (Object.keys(errors).length) return { ok: false, input, errors };
  return {
    ok: true,
    input,
    value: { name: input.name, address: input.address, replyTo: input.replyTo, signature: { format: input.signatureFormat as Signature['format'], content } },
  };
}
