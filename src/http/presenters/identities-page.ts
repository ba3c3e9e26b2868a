// View models of Settings, Identities: the list (GET /settings/identities) and the form of one identity (new, edit,
// or shown again with its errors). Every string from the identities catalog, in the page's language.
import { fromAllowed, identitiesOf, LOGIN_IDENTITY, type PolicyContext } from '../../compose/identity.ts';
import { signatureText } from '../../compose/signature.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { MAX_IDENTITIES, type Identities, type StoredIdentity } from '../../settings/identities.ts';
import type { IdentityInput } from '../forms/identity-form.ts';
import type { Keyed } from '../i18n/user-text.ts';
import type { Formats } from './formats.ts';
import { folderLinks } from './folders.ts';

const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

export function identitiesPage(folders: MailboxSummary[], doc: Identities, policy: PolicyContext, fmt: Formats) {
  const { t } = fmt;
  const list = identitiesOf(doc.identities, policy.login, policy.mailDomain);
  const defaultId = list.find((i) => i.id === doc.defaultId)?.id ?? list[0]?.id;
  return {
    title: t('identities:title'),
    currentPage: 'settings',
    folders: folderLinks(folders, undefined),
    identities: list.map((i) => ({
      id: i.id,
      implicit: i.id === LOGIN_IDENTITY,
      name: i.name,
      address: i.address,
      replyTo: i.replyTo,
      signature: excerpt(signatureText(i.signature).replace(/\n+/g, ' · ')),
      isDefault: i.id === defaultId,
      allowed: fromAllowed(i.address, policy),
      editHref: i.id === LOGIN_IDENTITY ? `/settings/identities/new?address=${encodeURIComponent(i.address)}` : `/settings/identities/${i.id}`,
    })),
    canAdd: doc.identities.length < MAX_IDENTITIES,
    max: MAX_IDENTITIES,
    policyNote: t('identities:policy', { policy: policy.policy }),
  };
}

export function identityInput(stored: StoredIdentity | undefined, isDefault: boolean, address = ''): IdentityInput {
  return {
    id: stored?.id ?? '', name: stored?.name ?? '', address: stored?.address ?? address, replyTo: stored?.replyTo ?? '',
    signatureFormat: stored?.signature.format ?? 'text', signature: stored?.signature.content ?? '', makeDefault: isDefault,
  };
}

export function identityFormPage(folders: MailboxSummary[], input: IdentityInput, errors: Partial<Record<keyof IdentityInput, Keyed>>, fmt: Formats) {
  const { t } = fmt;
  const error = (field: keyof IdentityInput) => {
    const e = errors[field];
    return e ? t(e.key, e.values) : undefined;
  };
  const heading = input.id ? t('identities:editHeading') : t('identities:newHeading');
  return {
    title: heading,
    heading,
    currentPage: 'settings',
    folders: folderLinks(folders, undefined),
    input,
    errors: { name: error('name'), address: error('address'), replyTo: error('replyTo'), signature: error('signature') },
    formError: Object.keys(errors).length ? t('identities:fixErrors') : undefined,
  };
}
