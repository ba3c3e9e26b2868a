// A message's raw bytes as text to read (the "view source" page). RFC 5322 is ASCII, but real mail carries 8-bit
// bodies in UTF-8 or a legacy charset, and headers written raw in latin1 by old mailers, sometimes both in one
// message. Each line is read as UTF-8 when it is valid UTF-8, else as windows-1252 (the WHATWG reading of
// latin1, which gives the C1 bytes their printable characters), so no line turns into replacement characters.
// Pure: no I/O.

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

/** `truncated`: the bytes stop at a limit, so the last line may end inside a UTF-8 sequence. */
export function sourceText(bytes: Uint8Array, truncated = false): string {
  try {
    // Most mail is ASCII or UTF-8 throughout: one pass. stream: true keeps a sequence cut by the limit from failing.
    return utf8.decode(bytes, { stream: truncated });
  } catch {
    // fall through to line by line
  } finally {
    // A failed or streamed decode leaves state behind; a flush resets it.
    try { utf8.decode(); } catch { /* reset only */ }
  }
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    end = end === -1 ? bytes.length : end + 1;
    const line = bytes.subarray(start, end);
    const last = end === bytes.length;
    try {
      lines.push(utf8.decode(line, { stream: truncated && last }));
    } catch {
      lines.push(latin1.decode(line));
    } finally {
      try { utf8.decode(); } catch { /* reset only */ }
    }
    start = end;
  }
  return lines.join('');
}
