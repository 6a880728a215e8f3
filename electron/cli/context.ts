import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../build.ts';
import { configFileName, startCore, type CoreOptions, type OpsDeskCore } from '../core.ts';

export interface CliContext {
  dataDir: string;
  configFile: string;
  json: boolean;
  version: string;
}

export function cliContext(dataDir: string, json: boolean): CliContext {
  return {
    dataDir,
    configFile: process.env.OPSDESK_CONFIG || join(dataDir, configFileName),
    json,
    version: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
  };
}

/** A core for one command; host-key questions are asked on the terminal when there is one. */
export async function startCliCore(context: CliContext, overrides: Partial<CoreOptions> = {}): Promise<OpsDeskCore> {
  const core = await startCore({ dataDir: context.dataDir, configFile: context.configFile, version: context.version, log: () => undefined, ...overrides });
  core.prompts.onDidRequest((prompt) => {
    void askYesNo(`The authenticity of host [${prompt.host}]:${prompt.port} can't be established.\n${prompt.keyType} key fingerprint is ${prompt.fingerprint}.\nTrust it and remember it? (yes/no) `).then((trust) =>
      core.prompts.answer(prompt.requestId, trust),
    );
  });
  return core;
}

async function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error(`${question}\nno terminal to answer on: refused. Run the command in a terminal to trust the key.`);
    return false;
  }
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await terminal.question(question);
  terminal.close();
  return answer.trim().toLowerCase() === 'yes';
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function printRows(rows: string[][]): void {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)), []);
  for (const row of rows) console.log(row.map((cell, index) => (index === row.length - 1 ? cell : pad(cell, widths[index]!))).join('  '));
}
