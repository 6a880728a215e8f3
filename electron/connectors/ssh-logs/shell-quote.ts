/**
 * POSIX shell quoting for arguments of remote commands (the unit name and file path come from
 * config, so they are never trusted): every argument is single-quoted, an embedded `'` becomes
 * `'\''`. NUL cannot travel in an argument at all and a newline would end the command line in
 * some shells' history/log handling, so both are refused. Pure (no Node imports).
 */

export class UnsafeArgumentError extends Error {
  override readonly name = 'UnsafeArgumentError';
}

export function quoteShellArg(value: string): string {
  if (value.includes('\0')) throw new UnsafeArgumentError('a remote command argument contains a NUL character');
  if (/[\r\n]/.test(value)) throw new UnsafeArgumentError('a remote command argument contains a line break');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `command arg…`, every part quoted. */
export function shellCommand(parts: readonly string[]): string {
  return parts.map(quoteShellArg).join(' ');
}
