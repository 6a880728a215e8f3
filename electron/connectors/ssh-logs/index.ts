/** Logs of legacy hosts without Loki, over SSH: the systemd journal or a tailed file. */
export { createSshLogSource } from './ssh-log-source.ts';
export type { SshLogPullRequest, SshLogPullResult, SshLogSource, SshLogSourceOptions, SshLogSourceSpec } from './ssh-log-source.ts';
export { quoteShellArg, shellCommand, UnsafeArgumentError } from './shell-quote.ts';
export { parseJournalOutput, priorityLevel, JournalParseError } from './journal-parse.ts';
export { fileTailCommand, leadingTimestampNs, parseFileCursor, parseFileTailOutput } from './file-tail.ts';
export { journalCommand } from './journal-command.ts';
export { createSshLogsConnector, type SshLogsConnectorOptions } from './ssh-logs-connector.ts';
export { resolveSshHops } from './route-hops.ts';
