// One Server-Sent Events stream (HTML Living Standard, "Server-sent events") on a node response. It writes the
// headers that keep proxies from buffering or caching it, a comment line every `heartbeatMs` so proxies and NATs
// that close quiet connections keep it open, and events framed by sse-format.ts. A reader that does not keep up is
// not buffered for without end: once more than `maxBufferedBytes` wait in the socket's buffer the stream is
// dropped, and the browser's EventSource reconnects with Last-Event-ID to get what it missed (or 'reset').
import type { ServerResponse } from 'node:http';
import { formatComment, formatEvent, type SseEvent } from './sse-format.ts';

export interface StreamLimits {
  /** a comment line this often when nothing else was written (nginx's proxy_read_timeout is 60 s by default) */
  heartbeatMs: number;
  /** bytes written but not yet taken by the reader, past which the stream is dropped */
  maxBufferedBytes: number;
  /** how long the browser waits before reconnecting after the stream ends (the SSE `retry` field) */
  retryMs: number;
}

export type EndReason = 'client' | 'slow' | 'ended' | 'error';

export class EventStream {
  readonly #res: ServerResponse;
  readonly #limits: StreamLimits;
  readonly #onEnd: (reason: EndReason) => void;
  #timer: NodeJS.Timeout | undefined;
  #open = true;

  /** Writes the headers and the `retry` field at once: the browser's EventSource opens when they arrive. */
  constructor(res: ServerResponse, limits: StreamLimits, onEnd: (reason: EndReason) => void) {
    this.#res = res;
    this.#limits = limits;
    this.#onEnd = onEnd;
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: a compressing proxy would hold events back to fill its blocks.
    res.setHeader('Cache-Control', 'no-store, no-transform');
    // nginx buffers proxied responses unless told not to, which would hold every event until the buffer fills.
    res.setHeader('X-Accel-Buffering', 'no');
    res.on('close', () => this.#finish('client'));
    res.on('error', () => this.#finish('error'));
    this.#write(`retry: ${limits.retryMs}\n${formatComment('ok')}`);
    this.#schedule();
  }

  get open(): boolean {
    return this.#open;
  }

  /** false when the stream is (now) closed */
  send(event: SseEvent): boolean {
    if (!this.#open) return false;
    this.#write(formatEvent(event));
    this.#schedule();
    return this.#open;
  }

  /** Ends the stream cleanly; the browser reconnects after `retryMs` unless its page has gone. */
  end(): void {
    if (!this.#open) return;
    this.#res.end();
    this.#finish('ended');
  }

  #write(text: string): void {
    this.#res.write(text);
    // writableLength: what node holds for this response and its socket that the reader has not taken yet.
    if (this.#res.writableLength > this.#limits.maxBufferedBytes) {
      this.#res.destroy();
      this.#finish('slow');
    }
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#open) return;
    this.#timer = setTimeout(() => {
      this.#write(formatComment(''));
      this.#schedule();
    }, this.#limits.heartbeatMs);
    this.#timer.unref();
  }

  #finish(reason: EndReason): void {
    if (!this.#open) return;
    this.#open = false;
    clearTimeout(this.#timer);
    this.#onEnd(reason);
  }
}
