import type { LogLevel } from '../../../shared/domain/logs.ts';

/**
 * The severity of a log line, normalised to error | warn | info | debug | unknown.
 * Pure (no Node imports).
 *
 * Sources, first match wins:
 * 1. a label or structured-metadata field: `level`, `detected_level` (Loki 3 fills it in),
 *    `severity`, `lvl`, `log_level`;
 * 2. the line as logfmt: `level=error`, `lvl=warn`, `severity="INFO"`;
 * 3. the line as JSON: `"level":"error"`, `"severity":"WARNING"`, pino/bunyan numbers `"level":50`;
 * 4. klog's prefix (Kubernetes components): `E0305 12:00:00.000000 …` (I/W/E/F);
 * 5. a level word in capitals near the start: `2024-03-05 12:00:00 ERROR …`, `[WARN]`, `<INFO>`.
 * Lower-case words in free text ("no error found") do not count: too many false alarms.
 */

const synonyms: Record<string, LogLevel> = {
  error: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'error',
  panic: 'error',
  critical: 'error',
  crit: 'error',
  alert: 'error',
  emerg: 'error',
  emergency: 'error',
  severe: 'error',
  dpanic: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  trc: 'debug',
  verbose: 'debug',
  fine: 'debug',
  finer: 'debug',
  finest: 'debug',
};

/** A level word or number as any source spells it; null when not a level. */
export function normalizeLevel(value: string): LogLevel | null {
  const text = value.trim().toLowerCase();
  if (text === '') return null;
  const word = synonyms[text];
  if (word) return word;
  // Syslog-style single letters and pino/bunyan numeric levels (10 trace … 60 fatal).
  if (/^\d{1,3}$/.test(text)) {
    const number = Number(text);
    if (number >= 50) return 'error';
    if (number >= 40) return 'warn';
    if (number >= 30) return 'info';
    if (number >= 10) return 'debug';
  }
  return null;
}

const levelKeys = ['level', 'detected_level', 'severity', 'lvl', 'log_level', 'loglevel', 'severity_text'];

const logfmtPattern = /(?:^|\s)(?:level|lvl|severity|log_level|loglevel)=("?)([A-Za-z]+|\d{1,3})\1(?=\s|$)/i;
const jsonPattern = /"(?:level|lvl|severity|log_level|loglevel|levelname|severity_text)"\s*:\s*(?:"([A-Za-z]+)"|(\d{1,3})\b)/i;
const klogPattern = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s/;
const klogLevels: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'error' };
const wordPattern = /(?:^|[\s[(<|:])(FATAL|PANIC|CRITICAL|CRIT|ERROR|ERR|EMERG|ALERT|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)(?=[\s\])>|:,-]|$)/;

/** How far into a line a level word is looked for: levels sit in the prefix, not in the message body. */
const wordWindow = 120;

export function detectLevel(fields: ReadonlyArray<Readonly<Record<string, string>>>, line: string): LogLevel {
  for (const key of levelKeys) {
    for (const record of fields) {
      const value = record[key];
      if (value !== undefined) {
        const level = normalizeLevel(value);
        if (level) return level;
      }
    }
  }
  const logfmt = logfmtPattern.exec(line);
  if (logfmt) {
    const level = normalizeLevel(logfmt[2]!);
    if (level) return level;
  }
  if (line.includes('"')) {
    const json = jsonPattern.exec(line);
    if (json) {
      const level = normalizeLevel(json[1] ?? json[2]!);
      if (level) return level;
    }
  }
  const klog = klogPattern.exec(line);
  if (klog) return klogLevels[klog[1]!]!;
  const word = wordPattern.exec(line.slice(0, wordWindow));
  if (word) return normalizeLevel(word[1]!) ?? 'unknown';
  return 'unknown';
}
