import assert from 'node:assert/strict';
import { displayOf } from '../../shared/summaries/summary-format.ts';
import type { Summary } from '../../shared/summaries/summary-types.ts';

type Json = unknown;

/** Reads a fact path (`pod.restarts`, `containers[0].name`, `containers[*].requests.cpuMillis`, `pods[phase=Running].length`, `A / B`). */
export function resolveFactPath(root: Record<string, Json>, path: string): Json {
  const ratio = path.split(' / ');
  if (ratio.length === 2) {
    const numerator = Number(resolveFactPath(root, ratio[0]!));
    const denominator = Number(resolveFactPath(root, ratio[1]!));
    return denominator > 0 ? Math.round((numerator / denominator) * 100) : 0;
  }
  const steps = path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let current: Json = root;
  let spread = false;
  for (const step of steps) {
    if (step === '[*]') {
      spread = true;
      continue;
    }
    const bracket = /^\[(.*)\]$/.exec(step);
    if (bracket) {
      const inner = bracket[1]!;
      const filter = /^(\w+)=(.*)$/.exec(inner);
      if (filter) current = (current as Array<Record<string, Json>>).filter((item) => String(item[filter[1]!]) === filter[2]);
      else current = (current as Json[])[Number(inner)];
      continue;
    }
    if (spread && step !== 'length') current = (current as Array<Record<string, Json>>).map((item) => item[step]);
    else current = (current as Record<string, Json>)[step];
  }
  if (spread && Array.isArray(current)) return (current as number[]).reduce((sum, value) => sum + Number(value), 0);
  if (Array.isArray(current)) return current.join(', ');
  return current;
}

/**
 * Every sentence states facts, every fact is the value at its path in the records and shows as the
 * format renders it, and no digit in the text comes from anywhere but a fact.
 */
export function assertSummaryTraceable(summary: Summary, root: Record<string, Json>, timeZone: string): void {
  assert.ok(summary.sentences.length > 0);
  for (const { text, facts } of summary.sentences) {
    assert.ok(facts.length > 0, `a sentence with no facts: ${text}`);
    for (const fact of facts) {
      assert.deepEqual(fact.value, resolveFactPath(root, fact.path), `${fact.path} in "${text}"`);
      assert.equal(fact.display, displayOf(fact.format, fact.value, timeZone), `${fact.path} display`);
      assert.ok(text.includes(fact.display), `"${fact.display}" (${fact.path}) is not in "${text}"`);
    }
    let rest = text;
    for (const display of facts.map((fact) => fact.display).sort((a, b) => b.length - a.length)) rest = rest.split(display).join(' ');
    assert.doesNotMatch(rest, /\d/, `a number without a fact in "${text}" (left: "${rest}")`);
  }
}
