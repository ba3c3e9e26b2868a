// Threading in Postern, for what the server's THREAD cannot answer: which of the user's own messages in Sent belong
// to a conversation found in another folder, and conversations on a server without THREAD (RFC 5256 is an
// extension; Gmail and some appliances lack it). Pure: messages in, groups out.
//
// Messages are joined the way RFC 5256's REFERENCES algorithm (after JWZ) links them: a message belongs with every
// message it names in References or In-Reply-To, and with every message that names it, transitively, whether or
// not the named message is present (two replies to a message the folder does not hold are one conversation). The
// subject is the last resort, as in RFC 5256 section 2.2 step 5, but narrower: a group is merged into another of the
// same base subject only when one of the two begins with a reply or forward ("Re:", "Fwd:"), so two unrelated
// messages that are both called "Hello" stay apart.
import { baseSubject, casemap } from '../finding/sort.ts';

export interface ThreadMessage {
  /** the caller's name for the message, unique ("INBOX:12") */
  key: string;
  /** "<id@host>" as written, or undefined */
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: readonly string[] | undefined;
  subject?: string | undefined;
  /** the sent date in ms, for ordering; 0 when unknown */
  date?: number | undefined;
}

/** The message ids in a References or In-Reply-To value, in order: "<a@b> <c@d>" gives both. */
export function messageIdsIn(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

class Sets {
  readonly #parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    for (let up = this.#parent.get(root); up !== undefined && up !== root; up = this.#parent.get(root)) root = up;
    // Path compression keeps every later find short.
    for (let at = x; at !== root;) {
      const next = this.#parent.get(at)!;
      this.#parent.set(at, root);
      at = next;
    }
    if (!this.#parent.has(root)) this.#parent.set(root, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.#parent.set(rb, ra);
  }
}

// The reply and forward leaders of RFC 5256 (Re, Fw, Fwd) and those mail programs write in other languages: German
// AW/WG/Antw, Scandinavian SV/VS/VB, Dutch Antw/Doorst, Italian Rif, French TR, Polish Odp/PD, Portuguese RES/ENC.
// Single letters ("R:", "I:") are left out: they begin too many ordinary subjects.
const LEADER = '(?:re|fwd?|aw|wg|antw|antwort|sv|vs|vb|doorst|rif|tr|odp|pd|res|enc)\\s*(?:\\[\\d+\\])?\\s*:';
const REPLY = new RegExp(`^\\s*(?:\\[[^\\]]*\\]\\s*)*${LEADER}`, 'i');
const LEADERS = new RegExp(`^(?:\\s*(?:\\[[^\\]]*\\]\\s*)*${LEADER}\\s*)+`, 'i');

/** Whether a subject starts as a reply or a forward does ("Re:", "RE:", "Fwd:", "AW:", "SV:", "[list] Re:"). */
export function isReplySubject(subject: string | undefined): boolean {
  return REPLY.test(subject ?? '');
}

/**
 * The subject threading compares: RFC 5256's base subject (finding/sort.ts, as Dovecot computes it) after the
 * leaders of every language above, so "AW: Budget", "SV: Re: Budget" and "Budget" agree.
 */
export function threadSubject(subject: string | undefined): string {
  return baseSubject(casemap((subject ?? '').replace(LEADERS, '')));
}

/**
 * The conversations among `messages`: each group lists keys, oldest first (by date, then as given). With
 * `bySubject` off, only References and In-Reply-To join messages (what deciding about Sent needs: a search there
 * found candidates by id already).
 */
export function groupThreads(messages: readonly ThreadMessage[], opts: { bySubject?: boolean } = {}): string[][] {
  const sets = new Sets();
  const node = (m: ThreadMessage) => `k:${m.key}`;
  for (const m of messages) {
    sets.find(node(m));
    if (m.messageId) sets.union(`id:${m.messageId}`, node(m));
    for (const id of [...(m.references ?? []), ...(m.inReplyTo ? [m.inReplyTo] : [])]) sets.union(`id:${id}`, node(m));
  }
  if (opts.bySubject) mergeBySubject(messages, sets, node);
  // Appended in place: copying the group for every member made a 100,000-message thread quadratic.
  const groups = new Map<string, ThreadMessage[]>();
  for (const m of messages) {
    const root = sets.find(node(m));
    const group = groups.get(root);
    if (group) group.push(m);
    else groups.set(root, [m]);
  }
  const order = new Map(messages.map((m, i) => [m.key, i]));
  const byDate = (a: ThreadMessage, b: ThreadMessage) => (a.date ?? 0) - (b.date ?? 0) || order.get(a.key)! - order.get(b.key)!;
  return [...groups.values()].map((g) => g.sort(byDate).map((m) => m.key));
}

function mergeBySubject(messages: readonly ThreadMessage[], sets: Sets, node: (m: ThreadMessage) => string): void {
  // Per group: its base subject, and whether any of its messages is a reply by subject.
  const groups = new Map<string, { subject: string; reply: boolean }>();
  for (const m of messages) {
    const root = sets.find(node(m));
    const subject = threadSubject(m.subject);
    const group = groups.get(root);
    if (!group) groups.set(root, { subject, reply: isReplySubject(m.subject) });
    else group.reply ||= isReplySubject(m.subject);
  }
  const bySubject = new Map<string, { root: string; reply: boolean }>();
  for (const [root, { subject, reply }] of groups) {
    if (!subject) continue;
    const seen = bySubject.get(subject);
    if (!seen) {
      bySubject.set(subject, { root, reply });
    } else if (seen.reply || reply) {
      sets.union(seen.root, root);
      seen.reply ||= reply;
    }
  }
}
