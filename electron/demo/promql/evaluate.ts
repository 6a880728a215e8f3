import type { RawSeries, SeriesStore } from '../metrics/series-store.ts';
import type { Labels } from '../world-types.ts';
import { matchesLabel } from '../label-matcher.ts';
import { comparisonOperators, PromqlError, UnsupportedError, type Expr, type Matcher } from './parser.ts';

/**
 * Evaluates a parsed query at a list of instants, the way the Prometheus engine does: instant
 * selectors take the newest sample within the 5m lookback (and honour staleness), range
 * functions see the samples in (t − range, t], rate/increase extrapolate like Prometheus 2.x,
 * aggregations group by label values, binary operators match series one-to-one.
 */

export const lookbackMs = 300_000;

/** A query that parsed but failed while running (Prometheus answers these 422 "execution"). */
export class ExecutionError extends Error {}

export interface InstantSeries {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
}

export interface RangeSamples {
  labels: Labels;
  samples: Array<[number, number]>;
}

export type Evaluated =
  | { kind: 'scalar'; values: Float64Array }
  | { kind: 'vector'; series: InstantSeries[] }
  | { kind: 'matrix'; series: RangeSamples[] }
  | { kind: 'string'; value: string };

export interface EvaluationContext {
  store: SeriesStore;
  /** Evaluation instants, epoch ms, ascending. */
  times: readonly number[];
  nowMs: number;
}

export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0001${labels[name]}`)
    .join('\u0002');
}

function withoutName(labels: Labels): Labels {
  const { __name__: _name, ...rest } = labels;
  return rest;
}


/** Sample instants of a series: offset + k × interval, clipped to its life and to "now". */
class Grid {
  readonly first: number;
  readonly lastPossible: number;
  readonly staleAt: number;

  constructor(readonly series: RawSeries) {
    this.first = this.ceil(series.startMs);
    this.lastPossible = series.endMs === null ? Infinity : series.endMs - 1;
    // Prometheus writes a staleness marker at the first scrape that no longer sees the series.
    this.staleAt = series.endMs === null ? Infinity : this.ceil(series.endMs);
  }

  floor(ms: number): number {
    const { offsetMs, intervalMs } = this.series;
    return offsetMs + Math.floor((ms - offsetMs) / intervalMs) * intervalMs;
  }

  ceil(ms: number): number {
    const { offsetMs, intervalMs } = this.series;
    return offsetMs + Math.ceil((ms - offsetMs) / intervalMs) * intervalMs;
  }

  /** Newest sample instant visible at t (5m lookback, staleness), or null. */
  instant(t: number, now: number): number | null {
    if (this.staleAt <= now && t >= this.staleAt) return null;
    const sample = this.floor(Math.min(t, now, this.lastPossible));
    if (sample < this.first || t - sample >= lookbackMs) return null;
    return sample;
  }

  /** First and last sample instants in (t − range, t], or null when there are none. */
  window(t: number, rangeMs: number, now: number): [number, number] | null {
    const low = Math.max(this.first, this.ceil(t - rangeMs + 1));
    const high = this.floor(Math.min(t, now, this.lastPossible));
    return high >= low ? [low, high] : null;
  }
}

const supportedFunctions = new Set([
  'rate',
  'irate',
  'increase',
  'delta',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'abs',
  'ceil',
  'floor',
  'clamp_min',
  'clamp_max',
  'time',
  'vector',
  'scalar',
]);

const otherPromqlFunctions = new Set(
  (
    'absent absent_over_time acos acosh asin asinh atan atanh changes clamp cos cosh day_of_month day_of_week day_of_year ' +
    'days_in_month deg deriv exp histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev ' +
    'histogram_stdvar histogram_sum holt_winters double_exponential_smoothing hour idelta label_join label_replace ln log10 log2 ' +
    'mad_over_time minute month pi predict_linear present_over_time quantile_over_time rad resets round sgn sin sinh sort ' +
    'sort_by_label sort_by_label_desc sort_desc sqrt stddev_over_time stdvar_over_time tan tanh timestamp year info'
  ).split(' '),
);

const rangeFunctions = new Set(['rate', 'irate', 'increase', 'delta', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time']);

function typeName(value: Evaluated): string {
  return value.kind === 'vector' ? 'instant vector' : value.kind === 'matrix' ? 'range vector' : value.kind;
}

export function evaluate(expr: Expr, context: EvaluationContext): Evaluated {
  const { times, nowMs } = context;
  const count = times.length;

  function select(name: string | null, matchers: readonly Matcher[], reachMs: number): RawSeries[] {
    const candidates = name ? context.store.named(name) : context.store.all();
    const first = times[0]!;
    const last = times[count - 1]!;
    return candidates.filter(
      (series) =>
        series.startMs <= Math.min(last, nowMs) &&
        (series.endMs === null || series.endMs > first - reachMs - series.intervalMs) &&
        matchers.every((matcher) => matchesLabel(series.labels, matcher)),
    );
  }

  function instantSelector(node: Extract<Expr, { type: 'selector' }>): Evaluated {
    const result: InstantSeries[] = [];
    for (const series of select(node.name, node.matchers, lookbackMs)) {
      const grid = new Grid(series);
      const values = new Float64Array(count);
      const present = new Uint8Array(count);
      let any = false;
      for (let index = 0; index < count; index++) {
        const sample = grid.instant(times[index]!, nowMs);
        if (sample === null) continue;
        values[index] = series.value(sample);
        present[index] = 1;
        any = true;
      }
      if (any) result.push({ labels: series.labels, values, present });
    }
    return { kind: 'vector', series: result };
  }

  function rangeFunction(name: string, node: Extract<Expr, { type: 'selector' }>): Evaluated {
    const rangeMs = node.rangeMs!;
    const rangeSeconds = rangeMs / 1000;
    const result: InstantSeries[] = [];
    for (const series of select(node.name, node.matchers, rangeMs)) {
      const grid = new Grid(series);
      const interval = series.intervalMs;
      const values = new Float64Array(count);
      const present = new Uint8Array(count);
      let any = false;
      for (let index = 0; index < count; index++) {
        const t = times[index]!;
        const window = grid.window(t, rangeMs, nowMs);
        if (!window) continue;
        const [low, high] = window;
        const samples = (high - low) / interval + 1;
        let value: number;
        switch (name) {
          case 'rate':
          case 'increase':
          case 'delta': {
            if (samples < 2) continue;
            const firstValue = series.value(low);
            const lastValue = series.value(high);
            const isCounter = name !== 'delta';
            const delta = lastValue - firstValue;
            const sampled = (high - low) / 1000;
            const average = sampled / (samples - 1);
            let toStart = (low - (t - rangeMs)) / 1000;
            const toEnd = (t - high) / 1000;
            if (isCounter && delta > 0 && firstValue >= 0) {
              const toZero = sampled * (firstValue / delta);
              if (toZero < toStart) toStart = toZero;
            }
            const threshold = average * 1.1;
            let extrapolated = sampled;
            extrapolated += toStart < threshold ? toStart : average / 2;
            extrapolated += toEnd < threshold ? toEnd : average / 2;
            value = delta * (extrapolated / sampled);
            if (name === 'rate') value /= rangeSeconds;
            break;
          }
          case 'irate': {
            if (samples < 2) continue;
            const lastValue = series.value(high);
            const previous = series.value(high - interval);
            value = (lastValue < previous ? lastValue : lastValue - previous) / (interval / 1000);
            break;
          }
          case 'last_over_time':
            value = series.value(high);
            break;
          case 'count_over_time':
            value = samples;
            break;
          default: {
            let sum = 0;
            let min = Infinity;
            let max = -Infinity;
            for (let at = low; at <= high; at += interval) {
              const sample = series.value(at);
              sum += sample;
              if (sample < min) min = sample;
              if (sample > max) max = sample;
            }
            value = name === 'sum_over_time' ? sum : name === 'avg_over_time' ? sum / samples : name === 'min_over_time' ? min : max;
          }
        }
        values[index] = value;
        present[index] = 1;
        any = true;
      }
      if (any) result.push({ labels: name === 'last_over_time' ? series.labels : withoutName(series.labels), values, present });
    }
    return { kind: 'vector', series: result };
  }

  function rangeSelector(node: Extract<Expr, { type: 'selector' }>): Evaluated {
    if (count !== 1) throw new PromqlError(`invalid expression type "range vector" for range query, must be Scalar or instant Vector`);
    const t = times[0]!;
    const series: RangeSamples[] = [];
    for (const raw of select(node.name, node.matchers, node.rangeMs!)) {
      const grid = new Grid(raw);
      const window = grid.window(t, node.rangeMs!, nowMs);
      if (!window) continue;
      const samples: Array<[number, number]> = [];
      for (let at = window[0]; at <= window[1]; at += raw.intervalMs) samples.push([at, raw.value(at)]);
      series.push({ labels: raw.labels, samples });
    }
    return { kind: 'matrix', series };
  }

  function scalarOf(value: Evaluated, what: string): Float64Array {
    if (value.kind !== 'scalar') throw new PromqlError(`expected type scalar in ${what}, got ${typeName(value)}`);
    return value.values;
  }

  function vectorOf(value: Evaluated, what: string): InstantSeries[] {
    if (value.kind !== 'vector') throw new PromqlError(`expected type instant vector in ${what}, got ${typeName(value)}`);
    return value.series;
  }

  function mapVector(series: InstantSeries[], fn: (value: number) => number, keepName = false): Evaluated {
    return {
      kind: 'vector',
      series: series.map((item) => ({ labels: keepName ? item.labels : withoutName(item.labels), values: item.values.map(fn), present: item.present })),
    };
  }

  function call(node: Extract<Expr, { type: 'call' }>): Evaluated {
    const name = node.name;
    if (!supportedFunctions.has(name)) {
      if (otherPromqlFunctions.has(name)) throw new UnsupportedError(`the demo center does not evaluate function "${name}"`);
      throw new PromqlError(`1:1: parse error: unknown function with name "${name}"`);
    }
    if (rangeFunctions.has(name)) {
      const argument = node.args[0];
      if (node.args.length !== 1 || !argument) throw new PromqlError(`expected 1 argument(s) in call to "${name}", got ${node.args.length}`);
      if (argument.type !== 'selector' || argument.rangeMs === null) {
        const got = argument.type === 'selector' || argument.type === 'call' || argument.type === 'aggregate' ? 'instant vector' : argument.type === 'number' ? 'scalar' : 'expression';
        throw new PromqlError(`expected type range vector in call to function "${name}", got ${got}`);
      }
      return rangeFunction(name, argument);
    }
    const arity: Record<string, number> = { time: 0, vector: 1, scalar: 1, abs: 1, ceil: 1, floor: 1, clamp_min: 2, clamp_max: 2 };
    if (node.args.length !== arity[name]) throw new PromqlError(`expected ${arity[name]} argument(s) in call to "${name}", got ${node.args.length}`);
    const args = node.args.map((argument) => evaluateNode(argument));
    const what = `call to function "${name}"`;
    switch (name) {
      case 'time':
        return { kind: 'scalar', values: Float64Array.from(times, (t) => t / 1000) };
      case 'vector': {
        const values = scalarOf(args[0]!, what);
        return { kind: 'vector', series: [{ labels: {}, values, present: new Uint8Array(count).fill(1) }] };
      }
      case 'scalar': {
        const series = vectorOf(args[0]!, what);
        const values = new Float64Array(count).fill(NaN);
        for (let index = 0; index < count; index++) {
          const presentAt = series.filter((item) => item.present[index]);
          if (presentAt.length === 1) values[index] = presentAt[0]!.values[index]!;
        }
        return { kind: 'scalar', values };
      }
      case 'abs':
      case 'ceil':
      case 'floor': {
        return mapVector(vectorOf(args[0]!, what), Math[name]);
      }
      default: {
        const series = vectorOf(args[0]!, what);
        const bound = scalarOf(args[1]!, what)[0]!;
        return mapVector(series, name === 'clamp_min' ? (value) => Math.max(value, bound) : (value) => Math.min(value, bound));
      }
    }
  }

  function aggregate(node: Extract<Expr, { type: 'aggregate' }>): Evaluated {
    const input = vectorOf(evaluateNode(node.expr), 'aggregation expression');
    const groups = new Map<string, { labels: Labels; members: InstantSeries[] }>();
    for (const series of input) {
      const labels: Labels = {};
      if (node.without) {
        for (const [name, value] of Object.entries(series.labels)) if (name !== '__name__' && !node.grouping.includes(name)) labels[name] = value;
      } else {
        for (const name of node.grouping) {
          const value = series.labels[name];
          if (value !== undefined && value !== '') labels[name] = value;
        }
      }
      const key = labelsKey(labels);
      const group = groups.get(key);
      if (group) group.members.push(series);
      else groups.set(key, { labels, members: [series] });
    }
    const result: InstantSeries[] = [];
    for (const { labels, members } of groups.values()) {
      const values = new Float64Array(count);
      const present = new Uint8Array(count);
      for (let index = 0; index < count; index++) {
        let sum = 0;
        let n = 0;
        let min = Infinity;
        let max = -Infinity;
        for (const member of members) {
          if (!member.present[index]) continue;
          const value = member.values[index]!;
          sum += value;
          n++;
          if (value < min) min = value;
          if (value > max) max = value;
        }
        if (n === 0) continue;
        present[index] = 1;
        switch (node.op) {
          case 'sum':
            values[index] = sum;
            break;
          case 'avg':
            values[index] = sum / n;
            break;
          case 'min':
            values[index] = min;
            break;
          case 'max':
            values[index] = max;
            break;
          case 'count':
            values[index] = n;
            break;
          case 'group':
            values[index] = 1;
            break;
          default:
            throw new UnsupportedError(`the demo center does not evaluate the ${node.op} aggregation`);
        }
      }
      result.push({ labels, values, present });
    }
    return { kind: 'vector', series: result };
  }

  function arithmetic(op: string, left: number, right: number): number {
    switch (op) {
      case '+':
        return left + right;
      case '-':
        return left - right;
      case '*':
        return left * right;
      case '/':
        return left / right;
      case '==':
        return left === right ? 1 : 0;
      case '!=':
        return left !== right ? 1 : 0;
      case '>':
        return left > right ? 1 : 0;
      case '<':
        return left < right ? 1 : 0;
      case '>=':
        return left >= right ? 1 : 0;
      default:
        return left <= right ? 1 : 0;
    }
  }

  function binary(node: Extract<Expr, { type: 'binary' }>): Evaluated {
    const left = evaluateNode(node.lhs);
    const right = evaluateNode(node.rhs);
    const comparison = comparisonOperators.has(node.op);
    const filter = comparison && !node.returnBool;
    if (left.kind === 'scalar' && right.kind === 'scalar') {
      if (filter) throw new PromqlError('comparisons between scalars must use BOOL modifier');
      return { kind: 'scalar', values: left.values.map((value, index) => arithmetic(node.op, value, right.values[index]!)) };
    }
    if (left.kind === 'scalar' || right.kind === 'scalar') {
      const vectorSide = left.kind === 'scalar' ? right : left;
      const series = vectorOf(vectorSide, 'binary expression');
      const scalars = left.kind === 'scalar' ? left.values : (right as { values: Float64Array }).values;
      const scalarLeft = left.kind === 'scalar';
      return {
        kind: 'vector',
        series: series.map((item) => {
          const values = new Float64Array(count);
          const present = new Uint8Array(count);
          for (let index = 0; index < count; index++) {
            if (!item.present[index]) continue;
            const a = scalarLeft ? scalars[index]! : item.values[index]!;
            const b = scalarLeft ? item.values[index]! : scalars[index]!;
            const result = arithmetic(node.op, a, b);
            if (filter) {
              if (result !== 1) continue;
              values[index] = item.values[index]!;
            } else {
              values[index] = result;
            }
            present[index] = 1;
          }
          return { labels: filter ? item.labels : withoutName(item.labels), values, present };
        }),
      };
    }
    const lhs = vectorOf(left, 'binary expression');
    const rhs = vectorOf(right, 'binary expression');
    const matching = node.matching;
    const signature = (labels: Labels): string => {
      const picked: Labels = {};
      for (const [name, value] of Object.entries(labels)) {
        if (name === '__name__') continue;
        const listed = matching?.labels.includes(name) ?? false;
        if (matching?.on ? listed : !listed) picked[name] = value;
      }
      return labelsKey(picked);
    };
    const rightBySignature = new Map<string, InstantSeries[]>();
    for (const item of rhs) {
      const key = signature(item.labels);
      const list = rightBySignature.get(key);
      if (list) list.push(item);
      else rightBySignature.set(key, [item]);
    }
    const leftSeen = new Map<string, Uint8Array>();
    const result: InstantSeries[] = [];
    for (const item of lhs) {
      const key = signature(item.labels);
      const partners = rightBySignature.get(key);
      if (!partners) continue;
      const seen = leftSeen.get(key) ?? new Uint8Array(count);
      leftSeen.set(key, seen);
      const values = new Float64Array(count);
      const present = new Uint8Array(count);
      let any = false;
      for (let index = 0; index < count; index++) {
        if (!item.present[index]) continue;
        let partner: InstantSeries | null = null;
        for (const candidate of partners) {
          if (!candidate.present[index]) continue;
          if (partner) throw new ExecutionError('found duplicate series for the match group on the right hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side');
          partner = candidate;
        }
        if (!partner) continue;
        if (seen[index]) throw new ExecutionError('found duplicate series for the match group on the left hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side');
        seen[index] = 1;
        const result = arithmetic(node.op, item.values[index]!, partner.values[index]!);
        if (filter) {
          if (result !== 1) continue;
          values[index] = item.values[index]!;
        } else {
          values[index] = result;
        }
        present[index] = 1;
        any = true;
      }
      if (!any) continue;
      let labels: Labels = filter ? { ...item.labels } : withoutName(item.labels);
      if (matching?.on) {
        labels = Object.fromEntries(Object.entries(labels).filter(([name]) => matching.labels.includes(name) || (filter && name === '__name__')));
      } else if (matching) {
        labels = Object.fromEntries(Object.entries(labels).filter(([name]) => !matching.labels.includes(name)));
      }
      result.push({ labels, values, present });
    }
    return { kind: 'vector', series: result };
  }

  function evaluateNode(node: Expr): Evaluated {
    switch (node.type) {
      case 'number':
        return { kind: 'scalar', values: new Float64Array(count).fill(node.value) };
      case 'string':
        return { kind: 'string', value: node.value };
      case 'paren':
        return evaluateNode(node.expr);
      case 'unary': {
        const inner = evaluateNode(node.expr);
        if (node.op === '+') return inner;
        if (inner.kind === 'scalar') return { kind: 'scalar', values: inner.values.map((value) => -value) };
        return mapVector(vectorOf(inner, 'unary expression'), (value) => -value);
      }
      case 'selector':
        return node.rangeMs === null ? instantSelector(node) : rangeSelector(node);
      case 'call':
        return call(node);
      case 'aggregate':
        return aggregate(node);
      case 'binary':
        return binary(node);
    }
  }

  return evaluateNode(expr);
}
