import { parseTimeExpression, type TimeRangeInput } from '../../shared/time/range.ts';

export const timeRangePresets: readonly { label: string; range: TimeRangeInput }[] = [
  { label: '15m', range: { from: 'now-15m', to: 'now' } },
  { label: '1h', range: { from: 'now-1h', to: 'now' } },
  { label: '6h', range: { from: 'now-6h', to: 'now' } },
  { label: '24h', range: { from: 'now-24h', to: 'now' } },
];

export interface TimeRangeErrors {
  from?: string;
  to?: string;
  range?: string;
}

const expressionHelp = 'expected now, now-<n><s|m|h|d|w> or an ISO-8601 time';

/** The shared time-expression rules, with one message per field for inline display. */
export function validateTimeRange(input: TimeRangeInput, nowMs: number): TimeRangeErrors {
  const errors: TimeRangeErrors = {};
  const from = parseTimeExpression(input.from.trim(), nowMs);
  const to = parseTimeExpression(input.to.trim(), nowMs);
  if (input.from.trim() === '') errors.from = 'required';
  else if (from === null) errors.from = expressionHelp;
  if (input.to.trim() === '') errors.to = 'required';
  else if (to === null) errors.to = expressionHelp;
  if (from !== null && to !== null && from >= to) errors.range = '"from" must be before "to"';
  return errors;
}

export function hasErrors(errors: TimeRangeErrors): boolean {
  return Boolean(errors.from || errors.to || errors.range);
}

export function describeTimeRange(range: TimeRangeInput): string {
  const preset = timeRangePresets.find((candidate) => candidate.range.from === range.from && candidate.range.to === range.to);
  if (preset) return `Last ${preset.label}`;
  return `${range.from} → ${range.to}`;
}
