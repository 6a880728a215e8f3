/** A label matcher as PromQL and LogQL selectors share it: `name op "value"`, regex anchored. */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  regex: RegExp | null;
}

/** A missing label matches as the empty string, as in Prometheus and Loki. */
export function matchesLabel(labels: Readonly<Record<string, string>>, matcher: Matcher): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex!.test(value);
    case '!~':
      return !matcher.regex!.test(value);
  }
}
