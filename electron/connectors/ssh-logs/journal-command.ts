import { shellCommand } from './shell-quote.ts';

/**
 * `journalctl -o json --no-pager [-u unit] (--after-cursor=<cursor> | -n <maxLines>)`, quoted.
 * With a cursor every later entry is asked for; the caller keeps the first maxLines and resumes
 * from the last one it kept, so nothing in between is skipped (`-n` would give the newest N).
 */
export function journalCommand(options: { unit?: string; units?: readonly string[]; cursor: string | null; maxLines: number }): string {
  const parts = ['journalctl', '-o', 'json', '--no-pager'];
  // Several -u match any of the units (journalctl ORs matches of one field).
  for (const unit of [...(options.unit !== undefined ? [options.unit] : []), ...(options.units ?? [])]) parts.push('-u', unit);
  if (options.cursor !== null) parts.push(`--after-cursor=${options.cursor}`);
  else parts.push('-n', String(Math.max(1, Math.floor(options.maxLines))));
  return shellCommand(parts);
}
