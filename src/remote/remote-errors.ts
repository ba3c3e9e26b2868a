// Why a remote image was not delivered, in words for the reader; the HTTP layer picks the status (routes/image-proxy.ts).
export type RemoteImageFailure =
  | 'bad-url' // not http(s), credentials in it, unparsable
  | 'refused' // a private, loopback or otherwise non-public destination
  | 'unreachable' // DNS or connection failure, an error status, too many redirects
  | 'not-image' // the bytes are not png, jpeg, gif or webp
  | 'too-large'
  | 'timeout';

export class RemoteImageError extends Error {
  readonly failure: RemoteImageFailure;
  constructor(failure: RemoteImageFailure, message: string) {
    super(message);
    this.name = 'RemoteImageError';
    this.failure = failure;
  }
}
