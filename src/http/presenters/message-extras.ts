// The message page's line under the headers: view source, download source, print, and the remote images choice,
// offered only when the mail refers to remote content (issue 8: it stood on every HTML mail). Remote images load
// when the reader asks (?remote=1) or when the sender is on their list of trusted senders (Settings); ?remote=0
// hides them again for this view. "Always show images from <sender>" adds the sender.
import type { MessageView } from '../../mail/reading/messages.ts';
import { senderEntry } from '../../settings/remote-image-senders.ts';
import { messageUrl } from '../pages/urls.ts';

export interface RemoteImagesChoice {
  /** remote images load in this view */
  shown: boolean;
  /** the trusted-senders entry that covers the sender, if any */
  trustedBy: string | undefined;
  /** shown without asking, because of trustedBy */
  byTrust: boolean;
}

/** ?remote=1 or 0 is the reader's word for this view; without it, their trusted senders decide. */
export function remoteImagesChoice(remote: '0' | '1' | undefined, trustedBy: string | undefined): RemoteImagesChoice {
  const byTrust = remote === undefined && trustedBy !== undefined;
  return { shown: remote === '1' || byTrust, trustedBy, byTrust };
}

export function messageExtras(view: MessageView, choice: RemoteImagesChoice, hasRemote: boolean) {
  const here = messageUrl(view.mailbox, view.uid);
  const sender = senderEntry(view.from[0]?.address ?? '');
  return {
    sourceHref: messageUrl(view.mailbox, view.uid, 'source'),
    remoteImages: hasRemote
      ? {
        trustedBy: choice.byTrust ? choice.trustedBy : undefined,
        hideHref: choice.byTrust ? `${here}?remote=0` : undefined,
        /** offered while this sender is not trusted yet */
        alwaysSender: choice.trustedBy === undefined && sender && !sender.startsWith('@') ? sender : undefined,
        returnTo: here,
      }
      : undefined,
  };
}
