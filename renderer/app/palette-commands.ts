/**
 * The command palette's commands and how typed text picks them: `:pods`, `:role sre`, `:lang ko`.
 * Every typed word must start a word of the command (its name, label or keywords); ranked by
 * how early the first word matches the command's name.
 */

export interface PaletteCommand {
  /** What `:` plus this text runs, e.g. "pods" or "role infrastructure". */
  name: string;
  label: string;
  keywords: readonly string[];
  /** Shown on the right (a shortcut). */
  hint?: string;
  run(): void;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s/:()·,-]+/)
    .filter(Boolean);
}

/** Higher is better; null when the input does not pick the command. */
export function paletteScore(command: Pick<PaletteCommand, 'name' | 'label' | 'keywords'>, input: string): number | null {
  const typed = words(input.replace(/^:/, ''));
  if (typed.length === 0) return 0;
  const nameWords = words(command.name);
  const all = [...nameWords, ...words(command.label), ...command.keywords.flatMap(words)];
  if (!typed.every((word) => all.some((candidate) => candidate.startsWith(word)))) return null;
  const joined = command.name.toLowerCase();
  const exact = joined === typed.join(' ') ? 100 : 0;
  const prefix = joined.startsWith(typed.join(' ')) ? 50 : 0;
  const nameHits = typed.filter((word) => nameWords.some((candidate) => candidate.startsWith(word))).length;
  return exact + prefix + nameHits * 10;
}

export function rankCommands<C extends Pick<PaletteCommand, 'name' | 'label' | 'keywords'>>(commands: readonly C[], input: string): C[] {
  return commands
    .map((command, index) => ({ command, index, score: paletteScore(command, input) }))
    .filter((entry): entry is { command: C; index: number; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.command);
}
