// The quote structures mail programs write into HTML replies, recognised while sanitizing: class and id do not
// survive the sanitizer (html-attributes.ts), so what they said is kept as one attribute of our own, data-quote,
// which the conversation view folds (http/presenters/folded-quotes.ts). The names are the programs' own:
//   - quote: Gmail's div.gmail_quote (the "On ... wrote:" line and the <blockquote> together), Yahoo's
//     div.yahoo_quoted;
//   - attribution: Thunderbird's div.moz-cite-prefix and Gmail's div.gmail_attr, the line before a <blockquote>;
//   - reply-header: Outlook's header block above the quoted original, which follows it unquoted to the end of the
//     message: div#divRplyFwdMsg and div#appendonsend (Outlook on the web, new Outlook), and desktop Outlook's
//     div with a top border only ("border:none;border-top:solid #E1E1E1 1.0pt", #B5C4DF in older versions).

export type QuoteMark = 'quote' | 'attribution' | 'reply-header';

const classes = (attribs: Record<string, string>) => new Set((attribs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean));

export function quoteMark(tagName: string, attribs: Record<string, string>): QuoteMark | undefined {
  if (tagName !== 'div') return undefined;
  const cls = classes(attribs);
  if (cls.has('gmail_quote') || cls.has('gmail_quote_container') || cls.has('yahoo_quoted')) return 'quote';
  if (cls.has('moz-cite-prefix') || cls.has('gmail_attr')) return 'attribution';
  const id = (attribs.id ?? '').toLowerCase();
  if (id === 'divrplyfwdmsg' || id === 'appendonsend') return 'reply-header';
  const style = (attribs.style ?? '').toLowerCase().replace(/\s+/g, '');
  if (style.includes('border:none') && /border-top:solid#(e1e1e1|b5c4df)/.test(style)) return 'reply-header';
  return undefined;
}
