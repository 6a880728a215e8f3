/**
 * A plain-language summary is a list of sentences, each carrying the facts it states: the path of the
 * field in the records it was given (`pod.restarts`, `containers.length`, `containers[*].requests.cpuMillis`
 * for a sum, `pods[phase=Running].length` for a filtered count, `A / B` for a percentage), the value
 * read there, and the text that shows it. Every number in a sentence is one of its facts' texts.
 */

export type SummaryLocale = 'en' | 'ko';

export type FactFormat = 'text' | 'count' | 'cpu' | 'memory' | 'time' | 'percent';

export interface SummaryFact {
  path: string;
  value: string | number | boolean | null;
  /** Exactly as it appears in the sentence. */
  display: string;
  format: FactFormat;
}

export interface SummarySentence {
  text: string;
  facts: SummaryFact[];
}

export interface SummaryOptions {
  locale: SummaryLocale;
  /** IANA zone of the desk, e.g. `Asia/Seoul`; times are written in it with the zone named. */
  timeZone: string;
  /** The center's display name, when known (path `center.name`). */
  centerName?: string;
}

export interface Summary {
  locale: SummaryLocale;
  sentences: SummarySentence[];
}
