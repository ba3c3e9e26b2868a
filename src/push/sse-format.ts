// The wire format of Server-Sent Events (HTML Living Standard, "Parsing an event stream"): fields are lines
// `name: value`, an event ends with an empty line, a line starting with ':' is a comment. Lines end at LF, CR or
// CRLF, so a value may hold none of them: data is split into one `data:` line per line (the browser joins them
// with LF again), and an id or event name with a line break (or NUL, which makes the browser ignore an id) is
// refused, since it could inject fields.
export interface SseEvent {
  /** the id the browser sends back as Last-Event-ID when it reconnects */
  id?: string;
  /** the event name: EventSource listeners are per name (`addEventListener('added', ...)`) */
  event: string;
  /** the payload; JSON in Postern */
  data: string;
}

const UNSAFE = /[\r\n\0]/;

export function formatEvent(event: SseEvent): string {
  if (UNSAFE.test(event.event) || (event.id !== undefined && UNSAFE.test(event.id))) throw new Error('SSE id and event name must be one line');
  const id = event.id !== undefined ? `id: ${event.id}\n` : '';
  const data = event.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('');
  return `${id}event: ${event.event}\n${data}\n`;
}

/** A comment line: ignored by the browser, it keeps the connection from looking idle. */
export function formatComment(text: string): string {
  return `:${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
