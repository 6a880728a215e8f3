import { parseArgs } from 'node:util';
import { openInBrowser } from '../host/open-browser.ts';
import { startCliCore, type CliContext } from './context.ts';
import { UsageError } from './centers-command.ts';

/** `opsdesk login <profile> [--device]`: sign in once; the refresh token goes to the keychain. */
export async function loginCommand(argv: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { device: { type: 'boolean', default: false } } });
  const profileId = positionals[0];
  if (!profileId) throw new UsageError('login needs a sign-in profile id (see signIn in the config file)');
  const core = await startCliCore(context, {
    startSync: false,
    demo: false,
    openBrowser: (url) => {
      console.error(`Opening the sign-in page; if no browser opens, visit:\n  ${url}`);
      openInBrowser(url);
    },
  });
  const unsubscribe = core.dispatcher.subscribe('auth:onDidReceiveDeviceCode', (code) => {
    console.error(`To sign in, visit ${code.verificationUriComplete ?? code.verificationUri} and enter the code ${code.userCode}`);
  });
  try {
    const result = await core.dispatcher.invoke('auth:signIn', { profileId, method: values.device ? 'device' : 'browser' });
    if (!result.ok) {
      console.error(`opsdesk: ${result.error.message}`);
      return 1;
    }
    const session = result.value as { state: string; name: string | null; subject: string | null; groups: string[] };
    console.log(context.json ? JSON.stringify(session, null, 2) : `signed in to ${profileId} as ${session.name ?? session.subject} (groups: ${session.groups.join(', ') || 'none'})`);
    return session.state === 'signed-in' ? 0 : 1;
  } finally {
    unsubscribe();
    await core.close();
  }
}
