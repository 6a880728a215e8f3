/**
 * Loki answers errors as `text/plain` (e.g. HTTP 400 `parse error at line 1, col 7: syntax error:
 * unexpected IDENTIFIER`). The shared JSON client only hands JSON bodies to a protocol's error
 * reader, and shows other bodies as a 60-character snippet. This fetch wrapper re-encodes a small
 * plain-text client-error body (400, 413, 422, 429: what Loki's WriteError produces) as a JSON string so `readLokiError` gets the whole message and the error
 * becomes `remote-error` with Loki's own words.
 *
 * Left alone: 2xx, 401/403 (unauthorized keeps its own code), 404 (a wrong URL is not Loki talking),
 * 5xx (a proxy's or Loki's failure stays `http-status`, with the snippet), HTML pages, JSON bodies. A body over 64 KiB is cut there (it is
 * only shown as a snippet anyway).
 *
 * (A cleaner home is http.ts: passing the raw text of non-JSON error bodies to `remoteError`.)
 */

const maxErrorBytes = 64 * 1024;
const lokiClientErrors = new Set([400, 413, 422, 429]);

function isPlainText(contentType: string | null): boolean {
  return contentType === null || /^\s*text\/plain\b/i.test(contentType);
}

/** Reads at most `limit` bytes of the body; `complete` is false when it was longer (the rest is cancelled). */
async function readCapped(response: Response, limit: number): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: '', complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, bytes.byteLength - offset));
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), complete: total <= limit };
}

export function withPlainTextErrors(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const status = response.status;
    if (!lokiClientErrors.has(status)) return response;
    const contentType = response.headers.get('content-type');
    if (!isPlainText(contentType)) return response;
    const { text, complete } = await readCapped(response, maxErrorBytes);
    const asText = !complete || text.trim() === '' || /^\s*</.test(text);
    return new Response(asText ? text : JSON.stringify(text.trim()), {
      status,
      statusText: response.statusText,
      headers: { 'content-type': asText ? (contentType ?? 'text/plain') : 'application/json' },
    });
  };
}
