import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterRows, filterText, matchesFilter, parseFilterQuery, type FilterableRow } from '../../renderer/state/filter-query.ts';

const checkout: FilterableRow = {
  text: filterText(['shop', 'checkout-7d9f-abc12', 'seoul-dc', 'Running', 'CrashLoopBackOff']),
  labels: { app: 'checkout', tier: 'web' },
  fields: { namespace: 'shop', center: 'seoul-dc', phase: 'Running' },
};
const reportsDb: FilterableRow = {
  text: filterText(['data', 'reports-db-0', 'seoul-dc', 'Pending', 'Unschedulable']),
  labels: { app: 'reports-db' },
  fields: { namespace: 'data', center: 'seoul-dc', phase: 'Pending' },
};
const precheck: FilterableRow = {
  text: filterText(['shop', 'precheck-1', 'ohio-region', 'Running']),
  labels: { app: 'precheck' },
  fields: { namespace: 'shop', center: 'ohio-region', phase: 'Running' },
};
const rows = [checkout, reportsDb, precheck];

function names(input: string): string[] {
  return filterRows(rows, input, (row) => row).map((row) => row.text.split('\n')[1] ?? '');
}

describe('filter query', () => {
  it('keeps every row for an empty or blank query', () => {
    assert.deepEqual(parseFilterQuery('   ').terms, []);
    assert.equal(names('').length, 3);
  });

  it('matches plain words case-insensitively, all of them', () => {
    assert.deepEqual(names('CHECK'), ['checkout-7d9f-abc12', 'precheck-1']);
    assert.deepEqual(names('check ohio'), ['precheck-1']);
  });

  it('treats a quoted phrase as one term', () => {
    const query = parseFilterQuery('"seoul-dc\nRunning" x');
    assert.equal(query.terms.length, 2);
    assert.deepEqual(
      parseFilterQuery('"image pull" app').terms.map((term) => (term.kind === 'text' ? term.text : term.kind)),
      ['image pull', 'app'],
    );
  });

  it('anchors a regex at each cell with re: and /…/', () => {
    assert.deepEqual(names('re:^check'), ['checkout-7d9f-abc12']);
    assert.deepEqual(names('/^check/'), ['checkout-7d9f-abc12']);
    assert.deepEqual(names('re:db-\\d$'), ['reports-db-0']);
    assert.deepEqual(names('re:^RUNNING$'), ['checkout-7d9f-abc12', 'precheck-1']);
  });

  it('reports a broken regex and ignores it instead of emptying the list', () => {
    const query = parseFilterQuery('re:(unclosed shop');
    assert.equal(query.problems.length, 1);
    assert.match(query.problems[0] ?? '', /Invalid regular expression \(unclosed/);
    assert.equal(query.terms.length, 1);
    assert.deepEqual(names('re:(unclosed shop'), ['checkout-7d9f-abc12', 'precheck-1']);
  });

  it('matches label=value against labels and fields', () => {
    assert.deepEqual(names('app=checkout'), ['checkout-7d9f-abc12']);
    assert.deepEqual(names('namespace=shop'), ['checkout-7d9f-abc12', 'precheck-1']);
    assert.deepEqual(names('phase=pending'), ['reports-db-0']);
    assert.deepEqual(names('center=ohio-region app=precheck'), ['precheck-1']);
    assert.deepEqual(names('tier=web'), ['checkout-7d9f-abc12']);
  });

  it('matches label!=value, counting a missing label as different', () => {
    assert.deepEqual(names('tier!=web'), ['reports-db-0', 'precheck-1']);
    assert.deepEqual(names('namespace!=shop'), ['reports-db-0']);
  });

  it('negates any term with !', () => {
    assert.deepEqual(names('!Running'), ['reports-db-0']);
    assert.deepEqual(names('!re:^pre'), ['checkout-7d9f-abc12', 'reports-db-0']);
    assert.deepEqual(names('!app=checkout'), ['reports-db-0', 'precheck-1']);
  });

  it('reads label keys with dots and slashes', () => {
    const row: FilterableRow = { text: 'x', labels: { 'app.kubernetes.io/name': 'checkout' } };
    assert.equal(matchesFilter(row, parseFilterQuery('app.kubernetes.io/name=checkout')), true);
    assert.equal(matchesFilter(row, parseFilterQuery('app.kubernetes.io/name=cart')), false);
  });

  it('keeps a lone ! or an empty re: from turning into a term', () => {
    assert.deepEqual(parseFilterQuery('re:').terms, []);
    assert.deepEqual(parseFilterQuery('!').terms, [{ kind: 'text', text: '!', negated: false }]);
  });
});
