import { useState, type FormEvent } from 'react';
import { parseTimeExpression, type TimeRangeInput } from '../../shared/time/range.ts';
import { Popover } from '../components/popover.tsx';
import { formatDateTime, zoneAbbreviation } from '../format/time.ts';
import { useUiStore } from '../state/ui-store.ts';
import { describeTimeRange, hasErrors, timeRangePresets, validateTimeRange } from '../state/time-range-validation.ts';

/** Relative expressions stay relative; absolute ones are pinned to UTC ISO so both sides resolve the same instant. */
function normalize(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('now')) return trimmed;
  const parsed = parseTimeExpression(trimmed, Date.now());
  return parsed === null ? trimmed : new Date(parsed).toISOString();
}

function display(expression: string, timeZone: string): string {
  if (expression.startsWith('now')) return expression;
  const parsed = parseTimeExpression(expression, Date.now());
  return parsed === null ? expression : formatDateTime(parsed, timeZone).replace(' ', 'T');
}

export function TimeRangePicker() {
  const range = useUiStore((state) => state.timeRange);
  const setRange = useUiStore((state) => state.setTimeRange);
  const timeZone = useUiStore((state) => state.timeZone);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<TimeRangeInput>(range);
  const [touched, setTouched] = useState(false);
  const errors = validateTimeRange(draft, Date.now());
  const activePreset = timeRangePresets.find((preset) => preset.range.from === range.from && preset.range.to === range.to);

  function openCustom() {
    setDraft({ from: display(range.from, timeZone), to: display(range.to, timeZone) });
    setTouched(false);
    setOpen((value) => !value);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (hasErrors(errors)) return;
    setRange({ from: normalize(draft.from), to: normalize(draft.to) });
    setOpen(false);
  }

  return (
    <div className="time-range" data-testid="time-range">
      <div className="segmented" role="group" aria-label="Time range presets">
        {timeRangePresets.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className={activePreset === preset ? 'segmented__item segmented__item--active' : 'segmented__item'}
            aria-pressed={activePreset === preset}
            onClick={() => setRange(preset.range)}
            title={`Last ${preset.label}`}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <Popover
        open={open}
        onClose={() => setOpen(false)}
        label="Custom time range"
        anchor={
          <button
            type="button"
            className={activePreset ? 'header-button' : 'header-button header-button--active'}
            data-popover-anchor
            data-testid="time-range-custom"
            aria-expanded={open}
            onClick={openCustom}
          >
            <span className="header-button__value">{activePreset ? 'Custom' : describeTimeRange(range)}</span>
            <span className="caret" aria-hidden="true">
              ▾
            </span>
          </button>
        }
      >
        <form className="range-form" onSubmit={apply} noValidate>
          <label className="field">
            <span className="field__label">From</span>
            <input
              className={touched && (errors.from || errors.range) ? 'input input--invalid' : 'input'}
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
              onBlur={() => setTouched(true)}
              data-testid="time-from"
              spellCheck={false}
              autoFocus
              aria-invalid={Boolean(errors.from)}
            />
            {touched && errors.from && <span className="field__error">{errors.from}</span>}
          </label>
          <label className="field">
            <span className="field__label">To</span>
            <input
              className={touched && (errors.to || errors.range) ? 'input input--invalid' : 'input'}
              value={draft.to}
              onChange={(event) => setDraft({ ...draft, to: event.target.value })}
              onBlur={() => setTouched(true)}
              data-testid="time-to"
              spellCheck={false}
              aria-invalid={Boolean(errors.to)}
            />
            {touched && errors.to && <span className="field__error">{errors.to}</span>}
          </label>
          {touched && errors.range && <div className="field__error">{errors.range}</div>}
          <p className="range-form__help">
            <code>now</code>, <code>now-30m</code>, <code>now-2d</code> or a time like <code>2025-11-23T14:00</code> (local,{' '}
            {zoneAbbreviation(timeZone)}) or ISO with offset.
          </p>
          <div className="range-form__actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={touched && hasErrors(errors)}>
              Apply
            </button>
          </div>
        </form>
      </Popover>
    </div>
  );
}
