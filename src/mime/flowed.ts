// Plain-text lines with their quote depth, the shape textToHtml renders. For format=flowed (RFC 3676) soft line
// breaks are undone first; for fixed text the usual "> " prefixes are read.

export interface QuotedLine {
  depth: number;
  text: string;
}

// Beyond this a quote chain is an attack on the renderer (10,000 nested blockquotes), not a conversation.
export const MAX_QUOTE_DEPTH = 16;

export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** Fixed text: ">", "> >", ">>" and ">  >" all count one level per ">". */
export function fixedLines(text: string): QuotedLine[] {
  return splitLines(text).map((line) => {
    let depth = 0;
    let end = 0;
    // Each level is an optional space or tab, then ">"; one more space after the last marker belongs to it.
    for (let i = 0; ; depth++) {
      if (line[i] === ' ' || line[i] === '\t') i++;
      if (line[i] !== '>') break;
      end = ++i;
    }
    if (depth > 0 && (line[end] === ' ' || line[end] === '\t')) end++;
    return { depth: Math.min(depth, MAX_QUOTE_DEPTH), text: line.slice(end) };
  });
}

/**
 * RFC 3676: quote depth is the run of ">" (§4.5), one leading space is stuffing (§4.4), a line ending in a space is
 * continued by the next line of the same depth (§4.2), except the signature separator "-- " (§4.3). With
 * delsp=yes the trailing space is a soft-break marker only and is removed (§4.2), which CJK text needs.
 */
export function flowedLines(text: string, delSp = false): QuotedLine[] {
  const out: QuotedLine[] = [];
  let open: QuotedLine | undefined;
  for (const raw of splitLines(text)) {
    let quotes = 0;
    while (raw[quotes] === '>') quotes++;
    let line = raw.slice(quotes);
    if (line.startsWith(' ')) line = line.slice(1);
    const depth = Math.min(quotes, MAX_QUOTE_DEPTH);
    const soft = line.endsWith(' ') && line !== '-- ';
    const piece = soft && delSp ? line.slice(0, -1) : line;
    // §4.5: a flowed line followed by one of another depth is treated as ending the paragraph.
    if (open && open.depth === depth) open.text += piece;
    else {
      open = { depth, text: piece };
      out.push(open);
    }
    if (!soft) open = undefined;
  }
  return out;
}
