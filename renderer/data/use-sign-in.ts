import { useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfoPayload } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { mergeSession } from '../state/access-format.ts';
import { usePromptStore } from '../state/prompt-store.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export function useSessions() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.authSessions(),
    queryFn: () => unwrap('auth:sessions', api['auth:sessions']({})),
    staleTime: staleTimes.authSessions,
  });
}

export const signInMutationKey = ['auth', 'signIn'] as const;
export interface SignInInput {
  profileId: string;
  method: 'browser' | 'device';
}

export interface SignInAttempt {
  profileId: string;
  method: 'browser' | 'device';
  status: 'idle' | 'pending' | 'success' | 'error';
  error: unknown;
  submittedAt: number;
}

/** The latest sign-in attempt per profile, wherever it was started (it outlives the view that started it). */
export function useSignInAttempts(): Map<string, SignInAttempt> {
  const attempts = useMutationState({
    filters: { mutationKey: signInMutationKey },
    select: (mutation): SignInAttempt | null => {
      const input = mutation.state.variables as SignInInput | undefined;
      if (!input) return null;
      return { ...input, status: mutation.state.status, error: mutation.state.error, submittedAt: mutation.state.submittedAt };
    },
  });
  const latest = new Map<string, SignInAttempt>();
  for (const attempt of attempts) {
    if (!attempt) continue;
    const known = latest.get(attempt.profileId);
    if (!known || known.submittedAt <= attempt.submittedAt) latest.set(attempt.profileId, attempt);
  }
  return latest;
}

/** Resolves when the sign-in finished (a browser or device flow can take minutes). */
export function useSignIn() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationKey: signInMutationKey,
    mutationFn: (input: SignInInput) => unwrap('auth:signIn', api['auth:signIn'](input)),
    onSuccess: (session) => client.setQueryData<SessionInfoPayload[]>(queryKeys.authSessions(), (current) => mergeSession(current, session)),
    onSettled: (_data, _error, input) => usePromptStore.getState().clearDeviceCode(input.profileId),
  });
}

export function useSignOut() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (profileId: string) => unwrap('auth:signOut', api['auth:signOut']({ profileId })),
    onSuccess: (session) => client.setQueryData<SessionInfoPayload[]>(queryKeys.authSessions(), (current) => mergeSession(current, session)),
  });
}
