/**
 * The `/` filter's language, parsed once per keystroke and matched per row.
 *
 *   checkout            plain text: the row's text contains it (case-insensitive)
 *   "image pull"        quoted: a phrase with spaces
 *   re:^check           regex (case-insensitive, ^/$ anchor at each cell); `/^check/` works too
 *   app=checkout        label or field equals the value (case-insensitive on the value)
 *   app!=checkout       label or field differs (a missing label counts as different)
 *   !Running            negation of any term above
 *
 * Every term must match (AND). A term that does not parse (bad regex) is reported in `problems`
 * and ignored, so half-typed input never empties the table.
 */

export type FilterTerm =
  | { kind: 'text'; text: string; negated: boolean }
  | { kind: 'regex'; source: string; pattern: RegExp; negated: boolean }
  | { kind: 'label'; key: string; value: string; equals: boolean; negated: boolean };

export interface FilterQuery {
  input: string;
  terms: FilterTerm[];
  problems: string[];
}

/** What a row offers the filter: searchable text plus named values (labels and fields such as namespace). */
export interface FilterableRow {
  /** The row's cells joined by "\n", so a regex's ^ and $ anchor at each cell. */
  text: string;
  labels?: Readonly<Record<string, string>>;
  fields?: Readonly<Record<string, string>>;
}

export const filterSyntaxHelp: readonly [example: string, meaning: string][] = [
  ['checkout', 'text anywhere in the row'],
  ['"image pull"', 'a phrase with spaces'],
  ['re:^check', 'regular expression (also /^check/)'],
  ['app=checkout', 'label or column equals a value'],
  ['app!=checkout', 'label or column differs'],
  ['!Running', 'negate any term'],
];

/** Splits on whitespace outside double quotes; quotes are kept off the tokens. */
function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const char of input) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(char)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens.filter((token) => token.length > 0);
}

const labelPattern = /^([A-Za-z0-9_.\/-]+)(!=|=)(.*)$/;

function parseTerm(token: string, problems: string[]): FilterTerm | null {
  let negated = false;
  let body = token;
  if (body.startsWith('!') && body.length > 1 && !body.startsWith('!=')) {
    negated = true;
    body = body.slice(1);
  }
  let regexSource: string | null = null;
  if (body.startsWith('re:')) regexSource = body.slice(3);
  else if (body.length > 2 && body.startsWith('/') && body.endsWith('/')) regexSource = body.slice(1, -1);
  if (regexSource !== null) {
    if (regexSource === '') return null;
    try {
      return { kind: 'regex', source: regexSource, pattern: new RegExp(regexSource, 'im'), negated };
    } catch (error) {
      problems.push(`Invalid regular expression ${regexSource}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
  const label = labelPattern.exec(body);
  if (label) {
    const [, key = '', operator, value = ''] = label;
    return { kind: 'label', key, value, equals: operator === '=', negated };
  }
  return { kind: 'text', text: body.toLowerCase(), negated };
}

export function parseFilterQuery(input: string): FilterQuery {
  const problems: string[] = [];
  const terms: FilterTerm[] = [];
  for (const token of tokenize(input)) {
    const term = parseTerm(token, problems);
    if (term) terms.push(term);
  }
  return { input, terms, problems };
}

function lookup(row: FilterableRow, key: string): string | undefined {
  return row.labels?.[key] ?? row.fields?.[key];
}

function termMatches(row: FilterableRow, lowerText: string, term: FilterTerm): boolean {
  switch (term.kind) {
    case 'text':
      return lowerText.includes(term.text);
    case 'regex':
      return term.pattern.test(row.text);
    case 'label': {
      const actual = lookup(row, term.key);
      const same = actual !== undefined && actual.toLowerCase() === term.value.toLowerCase();
      return term.equals ? same : !same;
    }
  }
}

/** True when the row satisfies every term of the query. */
export function matchesFilter(row: FilterableRow, query: FilterQuery): boolean {
  if (query.terms.length === 0) return true;
  const lowerText = row.text.toLowerCase();
  return query.terms.every((term) => termMatches(row, lowerText, term) !== term.negated);
}

/** The same test for a batch of rows; parse once, match many. */
export function filterRows<T>(rows: readonly T[], input: string, toFilterable: (row: T) => FilterableRow): T[] {
  const query = parseFilterQuery(input);
  if (query.terms.length === 0) return [...rows];
  return rows.filter((row) => matchesFilter(toFilterable(row), query));
}

/** Joins a row's cells the way the regex anchors expect. */
export function filterText(cells: readonly string[]): string {
  return cells.join('\n');
}
