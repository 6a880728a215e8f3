import { ApiFailure } from '../../shared/contract/result.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { SessionInfo } from '../services/auth/index.ts';
import type { CoreServices } from './services.ts';

type AccessChannels = 'secrets:set' | 'secrets:status' | 'auth:sessions' | 'auth:signIn' | 'auth:signOut' | 'tunnels:answerHostKey';

/** Credentials cross the boundary one way only: in. The renderer sees states and ids, never a secret. */
export function accessHandlers(services: CoreServices): Pick<ChannelHandlers, AccessChannels> {
  const withIssuer = (session: SessionInfo) => ({ ...session, issuer: services.registry.signInProfiles()[session.profileId]?.issuer ?? '' });
  const knownProfile = (profileId: string) => {
    if (!Object.hasOwn(services.registry.signInProfiles(), profileId)) throw new ApiFailure('not-found', `no sign-in profile "${profileId}" in ${services.registry.file}`);
  };
  return {
    'secrets:set': async ({ key, value }) => {
      await services.vault.set(key, value);
      return { stored: true as const, backend: services.vault.status().backend };
    },
    'secrets:status': () => services.vault.status(),
    'auth:sessions': () => services.auth().sessions().map(withIssuer),
    'auth:signIn': async ({ profileId, method }) => {
      knownProfile(profileId);
      const auth = services.auth();
      const session =
        method === 'browser'
          ? await auth.signInWithBrowser(profileId)
          : await auth.signInWithDeviceCode(profileId, (code) => services.emitDeviceCode({ profileId, ...code }));
      return withIssuer(session);
    },
    'auth:signOut': async ({ profileId }) => {
      knownProfile(profileId);
      await services.auth().signOut(profileId);
      return withIssuer(services.auth().session(profileId));
    },
    'tunnels:answerHostKey': ({ requestId, trust }) => ({ answered: services.prompts.answer(requestId, trust) }),
  };
}
