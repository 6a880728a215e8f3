/** Delay before reconnect attempt `attempt` (0-based): doubling from initialDelayMs up to maxDelayMs, "equal jitter" (half fixed, half random). */
export function reconnectDelayMs(attempt: number, options: { initialDelayMs: number; maxDelayMs: number }, random: () => number = Math.random): number {
  const initial = Math.max(0, options.initialDelayMs);
  const ceiling = Math.max(initial, options.maxDelayMs);
  const base = Math.min(ceiling, initial * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + random() * (base / 2));
}
