import { zonedParts } from '../time/zoned-parts.ts';
import type { FactFormat, Summary, SummaryFact, SummaryLocale, SummaryOptions, SummarySentence } from './summary-types.ts';

/** kubectl-style CPU: whole cores as `2`, otherwise millicores as `250m`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${Math.round(millis)}m`;
}

/** Binary units as Kubernetes writes them, to one decimal where needed. */
export function formatMemory(bytes: number): string {
  const units: Array<[string, number]> = [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
    }
  }
  return `${bytes}B`;
}

/** `2026-11-23 17:20 (Asia/Seoul)`: the desk's zone, named, so a reader elsewhere is not misled. */
export function formatTime(epochMs: number, timeZone: string): string {
  const part = zonedParts(epochMs, timeZone, { seconds: false });
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} (${timeZone})`;
}

export function formatPercent(numerator: number, denominator: number): string {
  return denominator > 0 ? `${Math.round((numerator / denominator) * 100)}%` : '0%';
}

/** The display of a value in a format; tests use the same function to check each fact's text. */
export function displayOf(format: FactFormat, value: string | number | boolean | null, timeZone: string): string {
  if (value === null) return '';
  switch (format) {
    case 'cpu':
      return formatCpu(Number(value));
    case 'memory':
      return formatMemory(Number(value));
    case 'time':
      return formatTime(Number(value), timeZone);
    case 'percent':
      return `${value}%`;
    case 'count':
      return String(value);
    case 'text':
      return String(value);
  }
}

/** Builds facts and the sentence that shows them. */
export class SentenceBuilder {
  readonly facts: SummaryFact[] = [];

  constructor(
    private readonly timeZone: string,
    readonly locale: SummaryLocale,
  ) {}

  fact(path: string, value: string | number | boolean | null, format: FactFormat = 'text'): string {
    const display = displayOf(format, value, this.timeZone);
    this.facts.push({ path, value, display, format });
    return display;
  }

  /** A percentage of two numbers the sentence also states; its path names both. */
  percent(numeratorPath: string, numerator: number, denominatorPath: string, denominator: number): string {
    const value = denominator > 0 ? Math.round((numerator / denominator) * 100) : 0;
    return this.fact(`${numeratorPath} / ${denominatorPath}`, value, 'percent');
  }
}

export function sentence(timeZone: string, locale: SummaryLocale, build: (b: SentenceBuilder) => string): { text: string; facts: SummaryFact[] } {
  const builder = new SentenceBuilder(timeZone, locale);
  const text = build(builder);
  return { text, facts: builder.facts };
}

/** English plural of a counted noun (`1 pod`, `2 pods`, `1 time`); Korean needs none. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** What every record summary starts with: the locale switch and a list of sentences built with facts. */
export function summaryWriter(options: SummaryOptions): {
  ko: boolean;
  say: (build: (b: SentenceBuilder) => string) => void;
  /** `Seoul DC (seoul-dc)` when the center's name is known, else its id; both are facts. */
  center: (b: SentenceBuilder, centerIdPath: string, centerId: string) => string;
  summary: () => Summary;
} {
  const { locale, timeZone } = options;
  const sentences: SummarySentence[] = [];
  return {
    ko: locale === 'ko',
    say: (build) => {
      sentences.push(sentence(timeZone, locale, build));
    },
    center: (b, centerIdPath, centerId) =>
      options.centerName !== undefined ? `${b.fact('center.name', options.centerName)} (${b.fact(centerIdPath, centerId)})` : b.fact(centerIdPath, centerId),
    summary: () => ({ locale, sentences }),
  };
}
