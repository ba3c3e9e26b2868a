// UID THREAD (RFC 5256): the server groups the mailbox's messages (or a search's matches) into conversations.
// REFERENCES follows References and In-Reply-To and, as a last resort, the subject; ORDEREDSUBJECT only the
// subject. Dovecot and Cyrus offer REFERENCES and REFS, Courier REFERENCES and ORDEREDSUBJECT (probed here:
// DESIGN.md "Conversations"); REFS (RFC 5256bis draft) is not asked for, since not every server has it.
// imapflow has no THREAD command, so it goes through runCommand (finding/search.ts), with the search keys
// compiled exactly as for SEARCH and SORT.
import type { ImapClient } from '../connection/mail-session.ts';
import { atom, compileQuery, runCommand, type MessageQuery } from '../finding/search.ts';
import { threadsOf } from './thread-answer.ts';

export type ThreadAlgorithm = 'REFERENCES' | 'ORDEREDSUBJECT';

/** The best algorithm the server offers, or undefined when it cannot thread. */
export function threadAlgorithm(client: ImapClient): ThreadAlgorithm | undefined {
  if (client.capabilities.has('THREAD=REFERENCES')) return 'REFERENCES';
  if (client.capabilities.has('THREAD=ORDEREDSUBJECT')) return 'ORDEREDSUBJECT';
  return undefined;
}

/** The conversations of the selected mailbox among the messages matching `q`, each as its UIDs. */
export async function threadUids(client: ImapClient, q: MessageQuery, algorithm: ThreadAlgorithm): Promise<number[][]> {
  const { keys } = compileQuery(client, q);
  let threads: number[][] = [];
  // Like SORT, THREAD always names the charset of its search keys, and UTF-8 is the one every server must take.
  await runCommand(client, 'UID THREAD', [atom(algorithm), atom('UTF-8'), ...keys], {
    THREAD: async (response) => {
      threads = threads.concat(threadsOf(response.attributes as Parameters<typeof threadsOf>[0]));
    },
  });
  return threads;
}
