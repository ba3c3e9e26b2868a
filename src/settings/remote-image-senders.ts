// Whose mail may load remote images without being asked each time: the "remoteImageSenders" setting holds
// addresses ("alice@example.com") and whole domains ("@example.com"). A domain entry covers that domain only, not
// its subdomains: "@example.com" trusting "news.example.com" too would surprise more people than it helps.
// Only the From address counts; it can be forged, and the worst a forged one earns is the images of that mail
// being loaded, which is the reader's own choice for that sender.
import { remoteImageSender } from './user-settings.ts';

/** The entry of `list` that trusts `address`, or undefined. */
export function trustingEntry(list: readonly string[], address: string | undefined): string | undefined {
  const entry = senderEntry(address ?? '');
  if (!entry) return undefined;
  const domain = entry.slice(entry.lastIndexOf('@'));
  return list.find((e) => e === entry || e === domain);
}

/** `value` as a list entry (trimmed, lower case), or undefined when it is neither an address nor "@domain". */
export function senderEntry(value: string): string | undefined {
  const parsed = remoteImageSender.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
