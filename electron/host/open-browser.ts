import { spawn } from 'node:child_process';

/** Best effort: a desk without a display or opener just keeps the printed URL. */
export function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', [url]]
          : null;
  if (!opener) return;
  const child = spawn(opener[0] as string, opener[1] as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
