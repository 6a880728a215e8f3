import { useSessions } from '../data/use-sign-in.ts';
import { useUiStore } from '../state/ui-store.ts';

/** Header entry to the Sign-in view: who is signed in, and a loud badge when a session lapsed. */
export function SessionHeader() {
  const sessions = useSessions();
  const active = useUiStore((state) => state.activeTab);
  const setActive = useUiStore((state) => state.setActiveTab);
  const list = sessions.data ?? [];
  const lapsed = list.filter((session) => session.state === 'needs-sign-in');
  const signedIn = list.filter((session) => session.state === 'signed-in');
  const who = signedIn.length === 1 ? (signedIn[0]!.name ?? signedIn[0]!.subject ?? signedIn[0]!.profileId) : signedIn.length > 1 ? `${signedIn.length} sessions` : 'Sign in';
  return (
    <>
      {lapsed.length > 0 && (
        <button
          type="button"
          className="header-chip header-chip--error"
          onClick={() => setActive('sign-in')}
          data-testid="needs-sign-in-badge"
          title={lapsed.map((session) => `${session.profileId}: ${session.reason ?? 'the session expired'}`).join('\n')}
        >
          Sign in again — cached data stays readable
        </button>
      )}
      {lapsed.length === 0 && (
        <button
          type="button"
          className={active === 'sign-in' ? 'header-button header-button--current' : 'header-button'}
          onClick={() => setActive('sign-in')}
          data-testid="header-sign-in"
          title="Sign-in sessions (5 or g i)"
        >
          <span className="header-button__label">SSO</span>
          <span className="header-button__value">{list.length === 0 && !sessions.isPending ? 'none' : who}</span>
        </button>
      )}
    </>
  );
}
