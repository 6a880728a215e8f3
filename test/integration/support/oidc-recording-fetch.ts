/** A fetch for AuthService that records what went to the provider and can pretend the network is down. */
export interface FetchRecord {
  path: string;
  method: string;
  status: number | null;
  /** The OAuth `error` of a JSON error answer (e.g. `slow_down`). */
  oauthError: string | null;
  grantType: string | null;
}

export interface RecordingFetch {
  fetch: typeof fetch;
  calls: FetchRecord[];
  /** While set, matching requests fail the way Node's fetch does on a refused connection. */
  failWhen: ((url: URL) => boolean) | null;
}

export function recordingFetch(): RecordingFetch {
  const recorder: RecordingFetch = {
    calls: [],
    failWhen: null,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      const grantType = init?.body instanceof URLSearchParams ? init.body.get('grant_type') : typeof init?.body === 'string' ? new URLSearchParams(init.body).get('grant_type') : null;
      const record: FetchRecord = { path: url.pathname, method, status: null, oauthError: null, grantType };
      recorder.calls.push(record);
      if (recorder.failWhen?.(url)) {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED ${url.host}`), { code: 'ECONNREFUSED' }) });
      }
      const response = await globalThis.fetch(input, init);
      record.status = response.status;
      if (!response.ok && (response.headers.get('content-type') ?? '').includes('json')) {
        const body = (await response.clone().json().catch(() => null)) as { error?: unknown } | null;
        if (typeof body?.error === 'string') record.oauthError = body.error;
      }
      return response;
    },
  };
  return recorder;
}
