// RFC 1939 section 3: a multi-line answer ends with a line holding a single "."; any other line that begins with
// "." has one more "." put in front by the server. Undoing that is the only change made to the bytes: message
// content is never decoded, so 8-bit and binary bytes, bare CRs and long lines pass through untouched. It works
// on chunks as they arrive (a line, or the terminator, may be split anywhere), keeping no more than its state.

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const LF_DOT = Buffer.from('\n.');
const CR_ONLY = Buffer.from('\r');

type State = 'line-start' | 'mid-line' | 'dot' | 'dot-cr';

export interface Unstuffed {
  /** message bytes from this chunk, in order (views into the chunk, no copies) */
  data: Buffer[];
  /** present once the terminating line was read: whatever followed it in the chunk */
  rest?: Buffer;
}

export class DotUnstuffer {
  #state: State = 'line-start';
  #done = false;

  get done(): boolean {
    return this.#done;
  }

  push(chunk: Buffer): Unstuffed {
    if (this.#done) throw new Error('DotUnstuffer: the answer has ended already');
    const data: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      const byte = chunk[i]!;
      switch (this.#state) {
        case 'line-start':
          if (byte === DOT) {
            this.#state = 'dot';
            i++;
          } else {
            this.#state = 'mid-line';
          }
          break;
        case 'dot':
          if (byte === CR) {
            this.#state = 'dot-cr';
            i++;
          } else if (byte === LF) {
            // "." LF: servers send CRLF, but a bare LF terminator is unambiguous enough to accept.
            return this.#finish(data, chunk.subarray(i + 1));
          } else {
            this.#state = 'mid-line'; // the stuffed dot is dropped; the line goes on from this byte
          }
          break;
        case 'dot-cr':
          if (byte === LF) return this.#finish(data, chunk.subarray(i + 1));
          data.push(CR_ONLY); // "." CR x: a stuffed line that began with CR
          this.#state = 'mid-line';
          break;
        case 'mid-line': {
          // Only a line that starts with "." needs attention: jump from one "\n." to the next.
          const next = chunk.indexOf(LF_DOT, i);
          if (next === -1) {
            data.push(chunk.subarray(i));
            this.#state = chunk[chunk.length - 1] === LF ? 'line-start' : 'mid-line';
            i = chunk.length;
          } else {
            data.push(chunk.subarray(i, next + 1));
            this.#state = 'dot';
            i = next + 2;
          }
          break;
        }
      }
    }
    return { data };
  }

  #finish(data: Buffer[], rest: Buffer): Unstuffed {
    this.#done = true;
    return { data, rest };
  }
}
