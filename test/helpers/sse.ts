// Reading GET /events as a browser's EventSource would (the body as a stream, from fetch or from node:https through a
// proxy), parsed into events, with a hang guard instead of a timed assertion.
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

export interface SseReader {
  status: number;
  headers: Headers;
  /** every event so far, in order; comments counted apart */
  events: SseMessage[];
  comments: number;
  /** the stream ended (the server closed it, or it was cut) */
  ended: Promise<void>;
  /** the first event (kept or still to come) that matches, taken out of `events` */
  next(match: (e: SseMessage) => boolean, what: string, ms?: number): Promise<SseMessage>;
  /** JSON of the first matching event's data */
  nextData<T = Record<string, unknown>>(event: string, what: string, match?: (data: T) => boolean, ms?: number): Promise<T & { id: string }>;
  /** the body of a refused stream (its status is not 200) */
  text(): Promise<string>;
  close(): void;
}

export async function openEvents(base: string, path: string, cookie: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(base + path, { headers: { cookie, accept: 'text/event-stream', ...headers }, signal: abort.signal, redirect: 'manual' });
  return eventReader({ status: res.status, headers: res.headers, body: res.body as unknown as AsyncIterable<Uint8Array> | null, text: () => res.text(), close: () => abort.abort() });
}

/** What eventReader reads: a response's status, headers and body as bytes, however it was requested. */
export interface ByteResponse {
  status: number;
  headers: Headers;
  body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
  close(): void;
}

/** The events of any byte stream: a fetch body, or a node:https response read through a proxy. */
export function eventReader(res: ByteResponse): SseReader {
  const events: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const reader: SseReader = {
    status: res.status,
    headers: res.headers,
    events,
    comments: 0,
    ended: Promise.resolve(),
    async next(match, what, ms = 15_000) {
      const until = Date.now() + ms;
      for (;;) {
        const at = events.findIndex(match);
        if (at >= 0) return events.splice(at, 1)[0]!;
        const left = until - Date.now();
        if (left <= 0 || done) throw new Error(`${what}: no such event ${done ? 'before the stream ended' : `after ${ms / 1000} s (hung)`}; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    async nextData(event, what, match = () => true, ms) {
      const found = await reader.next((e) => e.event === event && match(JSON.parse(e.data)), what, ms);
      return { ...JSON.parse(found.data), id: found.id };
    },
    text: () => res.text(),
    close: () => res.close(),
  };
  const body = res.body;
  if (!body || res.status !== 200) {
    done = true;
    return reader;
  }
  reader.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { event: 'message', data: '' };
          const data: string[] = [];
          let comment = true;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            comment = false;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') message.id = value;
            else if (field === 'event') message.event = value;
            else if (field === 'data') data.push(value);
          }
          if (comment) reader.comments++;
          else if (data.length) events.push({ ...message, data: data.join('\n') });
          wake?.();
        }
      }
    } catch {
      // aborted or cut: the stream ended
    } finally {
      done = true;
      wake?.();
    }
  })();
  return reader;
}
