// The answer to UID THREAD (RFC 5256 section 4): "* THREAD (2)(3 6 (4 23)(44 7 96))". Each outermost parenthesis
// is one thread; inside it a chain of UIDs and, after the last, the branches as nested lists ("((3)(5))" has no
// first message: its root was not in the mailbox). Postern shows a conversation flat and in date order, so only
// which UIDs belong together is kept, in the order the server wrote them.

type Token = { type?: string; value?: unknown } | Token[] | null | undefined;

/** The threads of one THREAD line, each its UIDs; anything that is not a UID is left out. */
export function threadsOf(attributes: readonly Token[] | undefined): number[][] {
  const threads: number[][] = [];
  for (const thread of attributes ?? []) {
    const uids: number[] = [];
    collect(thread, uids);
    if (uids.length) threads.push(uids);
  }
  return threads;
}

// RFC 5256 nests a list per branch, so a long reply chain is a deep list: walked with a stack of our own rather than
// by recursion, so no server can exhaust the call stack.
function collect(root: Token, into: number[]): void {
  const stack: Token[] = [root];
  while (stack.length) {
    const token = stack.pop();
    if (token === null || token === undefined) continue;
    if (Array.isArray(token)) {
      for (let i = token.length - 1; i >= 0; i--) stack.push(token[i]);
      continue;
    }
    const n = Number(token.value);
    if (Number.isInteger(n) && n >= 1 && n <= 0xffffffff) into.push(n);
  }
}
