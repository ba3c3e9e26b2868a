// How one MIME part is offered for download: its name, type and size, from BODYSTRUCTURE fields alone.
import type { BodyNode } from './body-node.ts';
import { typeOf } from './body-node.ts';
import { contentIdKey } from './content-id.ts';
import { extensionForType, isSafeInlineImage, safeFilename, stripUnsafeChars } from './format.ts';
import { decodeEncodedWords, decodeParameter } from './mime-words.ts';

export interface AttachmentInfo {
  part: string;
  /** safe to put in Content-Disposition: no path, no controls, bounded (format.ts safeFilename) */
  filename: string;
  /** lower-cased media type without parameters; malformed ones become application/octet-stream */
  type: string;
  /** decoded bytes (estimated for base64) */
  size: number;
  /** normalized like BodyPlan.inlineImages keys (content-id.ts) */
  contentId?: string;
  /** no attachment disposition and a type the page may show inline (png, jpeg, gif, webp) */
  inline: boolean;
}

export function attachmentInfo(node: BodyNode, number: string): AttachmentInfo {
  const type = typeOf(node);
  const stem = type === 'message/rfc822' || type === 'message/global' ? 'message' : 'attachment';
  const fallback = `${stem}-${number.replaceAll('.', '-')}.${extensionForType(type)}`;
  const info: AttachmentInfo = {
    part: number,
    filename: safeFilename(declaredName(node) ?? messageFileName(node), fallback),
    type,
    size: decodedSize(node),
    inline: disposition(node) !== 'attachment' && isSafeInlineImage(type),
  };
  const cid = contentIdKey(node.id);
  if (cid) info.contentId = cid;
  return info;
}

// RFC 2183 filename first; Content-Type name (RFC 1341, still what most mailers send) next; some put filename there.
export function declaredName(node: BodyNode): string | undefined {
  for (const [params, key] of [[node.dispositionParameters, 'filename'], [node.parameters, 'name'], [node.parameters, 'filename']] as const) {
    const value = decodeParameter(params, key)?.trim();
    if (value) return value;
  }
  return undefined;
}

export const disposition = (node: BodyNode) => (typeof node.disposition === 'string' ? node.disposition.trim().toLowerCase() : '');

// base64 carries 3 bytes in 4 characters; the line breaks make this a ~3% overestimate, fine for display.
export function decodedSize(node: BodyNode): number {
  const size = Number(node.size);
  if (!Number.isFinite(size) || size <= 0) return 0;
  return String(node.encoding).toLowerCase() === 'base64' ? Math.floor((size * 3) / 4) : Math.floor(size);
}

export function cleanHeader(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = stripUnsafeChars(value.replace(/\s+/g, ' ')).trim().slice(0, 998);
  return clean === '' ? undefined : clean;
}

export function messageSubject(node: BodyNode): string | undefined {
  const subject = node.envelope && typeof node.envelope === 'object' ? node.envelope.subject : undefined;
  return cleanHeader(typeof subject === 'string' ? decodeEncodedWords(subject) : undefined);
}

// A forwarded message without a name is saved under its subject; a subject is not a path ("Q3/Q4 report").
function messageFileName(node: BodyNode): string | undefined {
  const type = typeOf(node);
  const subject = type === 'message/rfc822' || type === 'message/global' ? messageSubject(node) : undefined;
  return subject && `${subject.replace(/[/\\]/g, '-')}.eml`;
}
