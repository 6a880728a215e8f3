import type { SessionInfoPayload } from '../../shared/contract/channels.ts';
import { ErrorPanel, describeError } from '../components/error-panel.tsx';
import { StatusBadge, type Tone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterConfig } from '../data/use-center-config.ts';
import { useSessions, useSignIn, useSignInAttempts, useSignOut, type SignInAttempt } from '../data/use-sign-in.ts';
import { formatDateTime } from '../format/time.ts';
import { describeExpiry, sessionStateLabels } from '../state/access-format.ts';
import { usePromptStore } from '../state/prompt-store.ts';
import { useUiStore } from '../state/ui-store.ts';

const stateTone: Record<SessionInfoPayload['state'], Tone> = { 'signed-in': 'ok', 'needs-sign-in': 'error', 'signed-out': 'muted' };

function SessionRow({ session, attempt, now }: { session: SessionInfoPayload; attempt: SignInAttempt | undefined; now: number }) {
  const signIn = useSignIn();
  const signOut = useSignOut();
  const timeZone = useUiStore((state) => state.timeZone);
  const expiry = describeExpiry(session.accessTokenExpiresAt, now);
  const pending = attempt?.status === 'pending';
  const failed = attempt?.status === 'error' ? describeError(attempt.error) : null;
  const signOutFailed = signOut.isError ? describeError(signOut.error) : null;
  const hiddenCode = usePromptStore((state) => (state.deviceCodeHidden && state.deviceCode?.profileId === session.profileId ? state.deviceCode : null));
  const showCode = usePromptStore((state) => state.setDeviceCodeHidden);
  return (
    <>
      <tr className={session.state === 'needs-sign-in' ? 'session-row session-row--error' : 'session-row'} data-testid="session" data-profile={session.profileId} data-state={session.state}>
        <td className="cell-name mono">{session.profileId}</td>
        <td className="mono muted truncate-cell" title={session.issuer}>
          {session.issuer || '—'}
        </td>
        <td>
          <StatusBadge tone={stateTone[session.state]}>{sessionStateLabels[session.state]}</StatusBadge>
        </td>
        <td>
          {session.name ?? <span className="muted">—</span>}
          {session.subject && session.subject !== session.name && <div className="muted small mono">{session.subject}</div>}
        </td>
        <td className="groups-cell">
          {session.groups.length ? session.groups.map((group) => <span key={group} className="chip mono">{group}</span>) : <span className="muted">—</span>}
        </td>
        <td title={session.accessTokenExpiresAt ? formatDateTime(session.accessTokenExpiresAt, timeZone) : undefined}>
          <span className={`num num--${expiry.tone === 'ok' ? 'plain' : expiry.tone}`} data-testid="session-expiry">
            {expiry.text}
          </span>
        </td>
        <td className="reason-cell">{session.reason ?? <span className="muted">—</span>}</td>
        <td className="actions-cell">
          <div className="actions">
            {pending && hiddenCode && (
              <button type="button" className="button button--small button--primary" onClick={() => showCode(false)} data-testid="device-code-show">
                Show code
              </button>
            )}
            <button
              type="button"
              className={session.state === 'needs-sign-in' ? 'button button--small button--primary' : 'button button--small'}
              disabled={pending}
              onClick={() => signIn.mutate({ profileId: session.profileId, method: 'browser' })}
              data-testid="sign-in-browser"
            >
              {pending && attempt?.method === 'browser' ? 'Waiting for the browser…' : 'Sign in with browser'}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={pending}
              onClick={() => signIn.mutate({ profileId: session.profileId, method: 'device' })}
              data-testid="sign-in-device"
            >
              {pending && attempt?.method === 'device' ? 'Waiting for the code…' : 'Sign in with a code'}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={session.state === 'signed-out' || signOut.isPending}
              onClick={() => signOut.mutate(session.profileId)}
              data-testid="sign-out"
            >
              Sign out
            </button>
          </div>
        </td>
      </tr>
      {(failed || signOutFailed) && (
        <tr className="row-note">
          <td colSpan={8}>
            <div className="form-error" role="alert" data-testid="sign-in-error">
              <span className="error-panel__code">{(failed ?? signOutFailed)!.code}</span>{' '}
              {failed ? `Sign-in with ${attempt?.method === 'device' ? 'a code' : 'the browser'} failed: ` : 'Sign-out failed: '}
              {(failed ?? signOutFailed)!.message}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** SSO sessions per sign-in profile of the config, with sign-in by browser or device code. */
export function SignInView() {
  const sessions = useSessions();
  const attempts = useSignInAttempts();
  const config = useCenterConfig();
  const now = useNow(1_000);
  const list = sessions.data ?? [];
  return (
    <div className="settings-view" data-testid="sign-in-view">
      <div className="settings-view__bar">
        <h2 className="settings-view__title">Sign-in</h2>
        <span className="muted small">
          Single sign-on profiles from <span className="mono">{config.data?.file ?? 'the config file'}</span>. Endpoints with{' '}
          <span className="mono">auth: sso</span> send the profile’s access token.
        </span>
      </div>
      {sessions.isError && <ErrorPanel error={sessions.error} title="Could not read sign-in sessions" onRetry={() => void sessions.refetch()} />}
      {sessions.isPending && <div className="table-state">Loading sessions…</div>}
      {sessions.data && list.length === 0 && (
        <div className="table-state" data-testid="no-profiles">
          No sign-in profiles are configured. Add one under <span className="mono">signIn:</span> in{' '}
          <span className="mono">{config.data?.file ?? 'centers.yaml'}</span>, e.g.
          <pre className="snippet">{`signIn:\n  corp:\n    issuer: https://login.example.com/realms/ops\n    clientId: opsdesk`}</pre>
        </div>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table sessions-table" data-testid="sessions-table">
            <thead>
              <tr>
                {['Profile', 'Issuer', 'State', 'Name', 'Groups', 'Access token', 'Reason', ''].map((header) => (
                  <th key={header} className="th-static">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.map((session) => (
                <SessionRow key={session.profileId} session={session} attempt={attempts.get(session.profileId)} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
