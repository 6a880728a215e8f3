import { findJsonErrorOffset } from './json-syntax.ts';

/** Decoding an answer body as JSON, describing precisely what arrived when it is not. */

export type DecodedBody =
  | { ok: true; value: unknown }
  /** `problem` reads after "answer is not JSON" / stands alone for broken JSON; `broken` tells which. */
  | { ok: false; broken: boolean; problem: string };

const snippetLength = 60;

/** First characters of a text, whitespace collapsed, tags kept tight: `<html><head><title>502 Bad Gateway`. */
export function snippet(text: string, length = snippetLength): string {
  const collapsed = text.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
  return collapsed.length > length ? `${collapsed.slice(0, length)}…` : collapsed;
}

export function looksLikeHtml(text: string, contentType: string | null): boolean {
  if (contentType && /\bhtml\b/i.test(contentType)) return true;
  return /^\s*</.test(text);
}

/** `HTML page starting "<html>…"` or `text starting "…"` for bodies that are not JSON. */
export function describeText(text: string, contentType: string | null): string {
  if (text.trim() === '') return 'empty body';
  if (looksLikeHtml(text, contentType)) return `HTML page starting "${snippet(text)}"`;
  const type = contentType ? `${contentType.split(';')[0]!.trim()} ` : '';
  return `${type}text starting "${snippet(text)}"`;
}

const decoder = new TextDecoder('utf-8');

export function decodeJsonBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const text = decoder.decode(bytes);
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return { ok: false, broken: false, problem: 'answer is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (first !== '{' && first !== '[') {
      return { ok: false, broken: false, problem: `answer is not JSON (${describeText(text, contentType)})` };
    }
    return { ok: false, broken: true, problem: describeJsonSyntaxError(text, bytes.byteLength, error) };
  }
}

function describeJsonSyntaxError(text: string, byteLength: number, error: unknown): string {
  const at = findJsonErrorOffset(text);
  if (at >= text.length) return `truncated JSON at byte ${byteLength}`;
  if (at < 0) return `invalid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  const byte = Buffer.byteLength(text.slice(0, at));
  return `invalid JSON at byte ${byte} (near "${snippet(text.slice(Math.max(0, at - 20), at + 20), 40)}")`;
}
