import { useCenterConfig, useReloadCenters } from '../data/use-center-config.ts';
import { formatConfigProblem } from '../state/access-format.ts';
import { useUiStore } from '../state/ui-store.ts';

/** A config file that did not load pulls nothing: every view says so, with each problem's place. */
export function ConfigProblemsBanner() {
  const config = useCenterConfig();
  const active = useUiStore((state) => state.activeTab);
  const setActive = useUiStore((state) => state.setActiveTab);
  const reload = useReloadCenters();
  const problems = config.data?.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="config-problems">
      <span className="banner__icon" aria-hidden="true">
        ✖
      </span>
      <div className="banner__text">
        <strong>
          {config.data?.file} did not load ({problems.length} problem{problems.length === 1 ? '' : 's'}).
        </strong>{' '}
        No center is pulled until it is fixed in an editor; cached data stays readable.
        <ul className="problem-list">
          {problems.map((problem, index) => (
            <li key={index} className="problem mono" data-testid="config-problem" data-line={problem.line} data-field={problem.field}>
              {formatConfigProblem(problem)}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button--small" data-testid="config-reload" disabled={reload.isPending} onClick={() => reload.mutate()}>
        {reload.isPending ? 'Reloading…' : 'Reload file'}
      </button>
      {active !== 'centers' && (
        <button type="button" className="button button--small" onClick={() => setActive('centers')}>
          Open Centers
        </button>
      )}
    </div>
  );
}
