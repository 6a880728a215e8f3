import { useSecretStatus } from '../data/use-center-config.ts';
import { useUiStore } from '../state/ui-store.ts';

const defaultReason = 'No OS keychain is reachable.';

/** Secrets kept in memory only: said loudly once, then as a header chip until the keychain is back. */
export function KeychainBanner() {
  const status = useSecretStatus();
  const hiddenFor = useUiStore((state) => state.keychainBannerHiddenFor);
  const hide = useUiStore((state) => state.setKeychainBannerHiddenFor);
  if (status.data?.backend !== 'memory') return null;
  const reason = status.data.reason ?? defaultReason;
  if (hiddenFor === reason) return null;
  return (
    <div className="banner banner--warn" role="status" data-testid="keychain-banner">
      <span className="banner__icon" aria-hidden="true">
        ⚠
      </span>
      <div className="banner__text">
        <strong>Secrets are kept in memory only.</strong> Tokens, passwords and keys you enter work until OpsDesk quits, then must
        be entered again; nothing is written to disk in plain text.
        <div className="banner__reason" data-testid="keychain-reason">
          {reason}
        </div>
      </div>
      <button type="button" className="button button--small" onClick={() => hide(reason)} data-testid="keychain-banner-hide">
        Hide
      </button>
    </div>
  );
}

/** Stays in the header after the banner is hidden; a click shows the banner again. */
export function KeychainChip() {
  const status = useSecretStatus();
  const hiddenFor = useUiStore((state) => state.keychainBannerHiddenFor);
  const hide = useUiStore((state) => state.setKeychainBannerHiddenFor);
  if (status.data?.backend !== 'memory') return null;
  const reason = status.data.reason ?? defaultReason;
  if (hiddenFor !== reason) return null;
  return (
    <button
      type="button"
      className="header-chip header-chip--warn"
      onClick={() => hide(null)}
      title={`Secrets are kept in memory only: ${reason}`}
      data-testid="keychain-chip"
    >
      ⚠ secrets in memory
    </button>
  );
}
