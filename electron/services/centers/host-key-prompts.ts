import { randomUUID } from 'node:crypto';
import type { HostKeyPrompt } from '../../../shared/contract/channels.ts';

/**
 * Trust-on-first-use questions for SSH host keys: each unknown key is asked once, through whatever
 * surface listens (the window, or the CLI's terminal); no answer in time means "do not trust".
 */
export class HostKeyPrompts {
  private readonly pending = new Map<string, (trust: boolean) => void>();
  private readonly listeners = new Set<(prompt: HostKeyPrompt) => void>();

  constructor(private readonly timeoutMs = 120_000) {}

  onDidRequest(listener: (prompt: HostKeyPrompt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ask(info: Omit<HostKeyPrompt, 'requestId'>): Promise<boolean> {
    if (this.listeners.size === 0) return Promise.resolve(false);
    const requestId = randomUUID();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.answer(requestId, false), this.timeoutMs);
      timer.unref();
      this.pending.set(requestId, (trust) => {
        clearTimeout(timer);
        resolve(trust);
      });
      for (const listener of this.listeners) listener({ requestId, ...info });
    });
  }

  /** False when the question was already answered or timed out. */
  answer(requestId: string, trust: boolean): boolean {
    const resolve = this.pending.get(requestId);
    if (!resolve) return false;
    this.pending.delete(requestId);
    resolve(trust);
    return true;
  }
}
