import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { LoopbackClosedError, LoopbackTimeoutError, startLoopbackListener } from '../../electron/services/auth/loopback-listener.ts';

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('loopback listener (RFC 8252 §7.3)', () => {
  test('listens on 127.0.0.1 with an OS-chosen port, answers exactly one callback, then the port is closed', async () => {
    const listener = await startLoopbackListener({ timeoutMs: 5000 });
    assert.match(listener.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.ok(listener.port > 0);

    const other = await fetch(`http://127.0.0.1:${listener.port}/favicon.ico`);
    assert.equal(other.status, 404, 'other paths do not count as the callback');
    const posted = await fetch(listener.redirectUri, { method: 'POST' });
    assert.equal(posted.status, 404, 'only GET is the callback');

    const answer = fetch(`${listener.redirectUri}?code=the-code&state=<script>`).then(async (response) => ({
      status: response.status,
      headers: response.headers,
      text: await response.text(),
    }));
    const callback = await listener.callback;
    assert.equal(callback.url.searchParams.get('code'), 'the-code');
    await callback.respond({ ok: true, detail: 'Signed in as <Alice>.' });
    await callback.respond({ ok: false, detail: 'second answer is ignored' });
    const page = await answer;
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.match(page.text, /Signed in as &#60;Alice&#62;\./, 'detail escaped');
    assert.match(page.text, /close this tab/);
    assert.doesNotMatch(page.text, /the-code|<script>/, 'nothing from the query is reflected');

    await listener.close();
    assert.equal(await portIsClosed(listener.port), true);
  });

  test('times out with a clear error and releases the port', async () => {
    const listener = await startLoopbackListener({ timeoutMs: 150 });
    await assert.rejects(listener.callback, (error: unknown) => error instanceof LoopbackTimeoutError && /within 150 ms/.test(error.message));
    await listener.close();
    assert.equal(await portIsClosed(listener.port), true);
  });

  test('close() before a callback rejects the wait and releases the port', async () => {
    const listener = await startLoopbackListener({ timeoutMs: 5000 });
    await listener.close();
    await assert.rejects(listener.callback, LoopbackClosedError);
    assert.equal(await portIsClosed(listener.port), true);
    await listener.close();
  });

  test('close() after an unanswered callback still gives the browser a page', async () => {
    const listener = await startLoopbackListener({ timeoutMs: 5000 });
    const answer = fetch(`${listener.redirectUri}?state=x`).then((response) => response.text());
    await listener.callback;
    await listener.close();
    assert.match(await answer, /stopped waiting/);
    assert.equal(await portIsClosed(listener.port), true);
  });
});
