/** The page the browser shows after the provider redirected to the loopback listener. No tokens, no script, no external resources. */
export interface CallbackOutcome {
  ok: boolean;
  /** One sentence for the user; escaped here. */
  detail: string;
}

export function callbackPage(outcome: CallbackOutcome): string {
  const title = outcome.ok ? 'Signed in to OpsDesk' : 'OpsDesk sign-in did not complete';
  const next = outcome.ok ? 'You can close this tab and return to OpsDesk.' : 'You can close this tab and try again from OpsDesk.';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:36rem;padding:0 1rem;color:#1d2330}h1{font-size:1.4rem}</style></head>
<body><h1 id="outcome" data-ok="${outcome.ok ? 'true' : 'false'}">${escapeHtml(title)}</h1>
<p id="detail">${escapeHtml(outcome.detail)}</p>
<p>${escapeHtml(next)}</p></body>
</html>`;
}

export const callbackPageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  connection: 'close',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
