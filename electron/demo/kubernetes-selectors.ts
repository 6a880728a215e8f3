/**
 * labelSelector and fieldSelector as the API server reads them: comma-separated requirements
 * (=, ==, !=, in, notin, exists, !exists for labels; =, ==, != for fields) with the server's
 * error texts for what it cannot parse or does not index.
 */

export class SelectorError extends Error {}

type Requirement = (labels: Record<string, string>) => boolean;

function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

export function parseLabelSelector(text: string): (labels: Record<string, string>) => boolean {
  const requirements: Requirement[] = splitRequirements(text).map((part) => {
    let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (match) {
      const [, key, op, list] = match as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((value) => value.trim()));
      return op === 'in' ? (labels) => key in labels && values.has(labels[key]!) : (labels) => !(key in labels) || !values.has(labels[key]!);
    }
    match = /^([\w./-]+)\s*(==|!=|=)\s*([\w.-]*)$/.exec(part);
    if (match) {
      const [, key, op, value] = match as unknown as [string, string, string, string];
      return op === '!=' ? (labels) => labels[key] !== value : (labels) => key in labels && labels[key] === value;
    }
    match = /^(!?)([\w./-]+)$/.exec(part);
    if (match) {
      const [, negate, key] = match as unknown as [string, string, string];
      return negate ? (labels) => !(key in labels) : (labels) => key in labels;
    }
    throw new SelectorError(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
  });
  return (labels) => requirements.every((requirement) => requirement(labels));
}

export function parseFieldSelector(text: string, supported: ReadonlySet<string>): (fields: Record<string, string>) => boolean {
  const requirements = splitRequirements(text).map((part) => {
    const match = /^([\w.]+)\s*(==|!=|=)\s*(.*)$/.exec(part);
    if (!match) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const [, field, op, value] = match as unknown as [string, string, string, string];
    if (!supported.has(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, negate: op === '!=', value };
  });
  return (fields) => requirements.every(({ field, negate, value }) => (fields[field] === value) !== negate);
}
