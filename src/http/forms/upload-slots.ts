// How many multipart uploads this process reads at once. Each one holds up to its text fields' allowance in memory
// (compose-form.ts, about 2.4 MB, plus busboy's buffers) while its files stream to disk, so the count is what bounds
// the memory of uploads by design; past it a new upload is refused at once with a 503, before a byte is read.
export interface UploadSlots {
  /** a slot, and the function that gives it back (call it once, in finally); undefined when all are taken */
  take(): (() => void) | undefined;
  readonly busy: number;
}

export function uploadSlots(max: number): UploadSlots {
  let busy = 0;
  return {
    take() {
      if (busy >= max) return undefined;
      busy++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        busy--;
      };
    },
    get busy() {
      return busy;
    },
  };
}
