import { useAppInfo } from '../data/use-centers.ts';
import { zoneAbbreviation } from '../format/time.ts';
import { useConnectionStore } from '../state/connection-store.ts';
import { KeychainChip } from '../access/keychain-banner.tsx';
import { SessionHeader } from '../access/session-header.tsx';
import { useCenterConfig } from '../data/use-center-config.ts';
import { useUiStore } from '../state/ui-store.ts';
import { CenterSelector } from './center-selector.tsx';
import { TimeRangePicker } from './time-range-picker.tsx';
import { FiringAlertsChip } from '../views/incidents/alerts-panel.tsx';
import { RolePicker } from './role-picker.tsx';
import { LocaleSwitch } from '../i18n/locale-switch.tsx';

function ConnectionIndicator() {
  const events = useConnectionStore((state) => state.events);
  const label = events === 'open' ? 'live' : events === 'connecting' ? 'connecting' : 'reconnecting';
  return (
    <span className={`connection connection--${events}`} data-testid="connection" title="Live updates from the OpsDesk host">
      <span className="connection__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function CentersButton() {
  const active = useUiStore((state) => state.activeTab);
  const setActive = useUiStore((state) => state.setActiveTab);
  const problems = useCenterConfig().data?.problems.length ?? 0;
  return (
    <button
      type="button"
      className={`header-button${active === 'centers' ? ' header-button--current' : ''}${problems ? ' header-button--error' : ''}`}
      onClick={() => setActive('centers')}
      data-testid="header-centers"
      title="Configure centers (4 or g s)"
    >
      <span aria-hidden="true">⚙</span>
      <span className="header-button__value">{problems ? `Config: ${problems} problem${problems === 1 ? '' : 's'}` : 'Configure'}</span>
    </button>
  );
}

export function Header({ onHelp }: { onHelp(): void }) {
  const info = useAppInfo();
  const timeZone = useUiStore((state) => state.timeZone);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          ◆
        </span>
        <span className="brand__name">OpsDesk</span>
        {info.data && <span className="brand__version">v{info.data.version}</span>}
        {info.data?.demo && <span className="demo-label">demo</span>}
      </div>
      <RolePicker />
      <CenterSelector />
      <TimeRangePicker />
      <div className="app-header__spacer" />
      <FiringAlertsChip />
      <KeychainChip />
      <SessionHeader />
      <CentersButton />
      <span className="timezone" title={`Times are shown in ${timeZone}`}>
        {zoneAbbreviation(timeZone) === timeZone ? timeZone : `${timeZone} · ${zoneAbbreviation(timeZone)}`}
      </span>
      <LocaleSwitch />
      <ConnectionIndicator />
      <button type="button" className="icon-button" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}
