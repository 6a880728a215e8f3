import type { SummarySentence } from '../../shared/summaries/index.ts';

/** The sentence with every fact's text marked; hovering a number names the cached field it came from. */
export type MarkedPart = string | { display: string; path: string; format: string };

export function markFacts(sentence: SummarySentence): MarkedPart[] {
  const parts: MarkedPart[] = [];
  const remaining = [...sentence.facts];
  let cursor = 0;
  for (;;) {
    let best: { index: number; fact: (typeof remaining)[number] } | null = null;
    for (const fact of remaining) {
      if (!fact.display) continue;
      const index = sentence.text.indexOf(fact.display, cursor);
      if (index >= 0 && (!best || index < best.index || (index === best.index && fact.display.length > best.fact.display.length))) best = { index, fact };
    }
    if (!best) break;
    if (best.index > cursor) parts.push(sentence.text.slice(cursor, best.index));
    parts.push({ display: best.fact.display, path: best.fact.path, format: best.fact.format });
    cursor = best.index + best.fact.display.length;
    remaining.splice(remaining.indexOf(best.fact), 1);
  }
  if (cursor < sentence.text.length) parts.push(sentence.text.slice(cursor));
  return parts;
}
