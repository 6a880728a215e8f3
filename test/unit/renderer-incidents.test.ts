import { keyCharts } from '../../shared/export/key-charts.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TimelineEntry } from '../../shared/domain/incidents.ts';
import type { AlertRecord } from '../../shared/domain/records.ts';
import { inlineText, isSafeHref, parseInline, parseMarkdown } from '../../renderer/views/incidents/markdown.ts';
import {
  citedNamespaces,
  draftFromAlert,
  draftFromSelection,
  entryLinks,
  moveFocus,
  orderAlerts,
  orderTimeline,
  parseList,
  sourceCounts,
  visibleEntries,
  withoutSources,
  windowRange,
  workloadOf,
} from '../../renderer/views/incidents/timeline-logic.ts';

const minute = 60_000;

function entry(id: string, at: number, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    at,
    endAt: null,
    source: 'kube-event',
    centerId: 'seoul-dc',
    object: null,
    title: id,
    body: null,
    severity: 'warning',
    refs: [],
    starred: false,
    hidden: false,
    annotation: null,
    ...extra,
  };
}

describe('incident notes: the Markdown subset', () => {
  it('parses headings, lists, code, quotes and paragraphs', () => {
    const blocks = parseMarkdown('# Cause\nThe **new build** leaks *memory*.\n\n- first\n- `second`\n\n1. one\n2. two\n\n> quoted\n\n```\nkubectl rollout undo\n```');
    assert.deepEqual(
      blocks.map((block) => block.type),
      ['heading', 'paragraph', 'list', 'list', 'quote', 'code'],
    );
    const paragraph = blocks[1];
    assert.equal(paragraph?.type, 'paragraph');
    if (paragraph?.type === 'paragraph') {
      assert.deepEqual(
        paragraph.children.map((node) => node.type),
        ['text', 'strong', 'text', 'em', 'text'],
      );
      assert.equal(inlineText(paragraph.children), 'The new build leaks memory.');
    }
    const ordered = blocks[3];
    assert.ok(ordered?.type === 'list' && ordered.ordered && ordered.items.length === 2);
    assert.deepEqual(blocks[5], { type: 'code', text: 'kubectl rollout undo' });
  });

  it('keeps raw HTML and script as plain text', () => {
    const blocks = parseMarkdown('<img src=x onerror=alert(1)> <script>alert("x")</script>');
    assert.equal(blocks.length, 1);
    const block = blocks[0];
    assert.ok(block?.type === 'paragraph');
    if (block?.type === 'paragraph') {
      assert.deepEqual(block.children, [{ type: 'text', text: '<img src=x onerror=alert(1)> <script>alert("x")</script>' }]);
    }
  });

  it('links only absolute http(s) and mailto targets', () => {
    assert.deepEqual(parseInline('[runbook](https://wiki.example/oom)'), [
      { type: 'link', href: 'https://wiki.example/oom', children: [{ type: 'text', text: 'runbook' }] },
    ]);
    for (const href of ['javascript:alert(1)', 'data:text/html,x', '/relative', 'JaVaScRiPt:alert(1)', 'vbscript:x']) {
      assert.equal(isSafeHref(href), false, href);
      const nodes = parseInline(`[x](${href})`);
      assert.ok(nodes.every((node) => node.type !== 'link'), href);
      assert.equal(inlineText(nodes), `[x](${href})`);
    }
  });

  it('leaves unmatched markers and escapes as text', () => {
    assert.equal(inlineText(parseInline('2 * 3 = 6 and a_b and **open')), '2 * 3 = 6 and a_b and **open');
    assert.deepEqual(parseInline('\\*not emphasis\\*'), [{ type: 'text', text: '*not emphasis*' }]);
    for (const text of ['window.__injected = true', 'snake_case_name and other_name', '__dunder__', 'x_y_ z']) {
      assert.deepEqual(parseInline(text), [{ type: 'text', text }], text);
    }
    assert.deepEqual(parseInline('an _emphasised_ word'), [
      { type: 'text', text: 'an ' },
      { type: 'em', children: [{ type: 'text', text: 'emphasised' }] },
      { type: 'text', text: ' word' },
    ]);
    assert.deepEqual(parseMarkdown(''), []);
    assert.deepEqual(parseMarkdown('```\nunclosed <b>'), [{ type: 'code', text: 'unclosed <b>' }]);
  });
});

describe('incident timeline logic', () => {
  it('orders entries by time, then id, and hides noise unless asked', () => {
    const entries = [entry('c', 30), entry('b', 10, { hidden: true }), entry('a', 30), entry('d', 5)];
    const ordered = orderTimeline(entries);
    assert.deepEqual(
      ordered.map((item) => item.id),
      ['d', 'b', 'a', 'c'],
    );
    assert.deepEqual(
      visibleEntries(ordered, false).map((item) => item.id),
      ['d', 'a', 'c'],
    );
    assert.equal(visibleEntries(ordered, true).length, 4);
  });

  it('leaves out muted sources and counts each source', () => {
    const entries = [entry('a', 1, { source: 'alert' }), entry('b', 2), entry('c', 3, { source: 'note' }), entry('d', 4)];
    assert.deepEqual(
      withoutSources(entries, new Set(['kube-event'])).map((item) => item.id),
      ['a', 'c'],
    );
    assert.equal(withoutSources(entries, new Set()).length, 4);
    assert.deepEqual(sourceCounts(entries), [
      ['alert', 1],
      ['kube-event', 2],
      ['note', 1],
    ]);
  });

  it('moves focus with j/k and stops at the ends', () => {
    const ids = ['a', 'b', 'c'];
    assert.equal(moveFocus(ids, null, 1), 'a');
    assert.equal(moveFocus(ids, null, -1), 'c');
    assert.equal(moveFocus(ids, 'a', 1), 'b');
    assert.equal(moveFocus(ids, 'c', 1), 'c');
    assert.equal(moveFocus(ids, 'a', -1), 'a');
    assert.equal(moveFocus(ids, 'gone', 1), 'a');
    assert.equal(moveFocus([], 'a', 1), null);
  });

  it('charts the node and pods the timeline cites most', () => {
    const pod = (name: string) => ({ kind: 'pod' as const, centerId: 'seoul-dc', namespace: 'shop', name });
    const node = { kind: 'node' as const, centerId: 'seoul-dc', name: 'sel-k8s-w-07' };
    const entries = [
      entry('1', 1, { refs: [pod('checkout-a'), node] }),
      entry('2', 2, { refs: [pod('checkout-a')] }),
      entry('3', 3, { refs: [pod('checkout-b')], starred: true }),
      entry('4', 4, { refs: [pod('checkout-b')] }),
      entry('5', 5, { refs: [pod('noise')], hidden: true }),
    ];
    const slots = keyCharts(entries);
    assert.deepEqual(
      slots.map((slot) => `${slot.panel} ${slot.target.name}`),
      ['node.memory sel-k8s-w-07', 'node.cpu sel-k8s-w-07', 'pod.memory checkout-b', 'pod.restarts checkout-b'],
    );
    assert.deepEqual(keyCharts([]), []);
    assert.equal(keyCharts(entries, 6).some((slot) => slot.target.name === 'noise'), false);
  });

  it('links an entry to its pod, the pod logs around it and its trace, once each', () => {
    const at = Date.UTC(2026, 0, 1, 12, 0, 0);
    const links = entryLinks(
      entry('x', at, {
        refs: [
          { kind: 'pod', centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-a' },
          { kind: 'pod', centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-a' },
          { kind: 'trace', traceId: '0123456789abcdef0123456789abcdef' },
          { kind: 'kube-event', centerId: 'seoul-dc', uid: 'u1' },
        ],
      }),
    );
    assert.deepEqual(
      links.map((link) => link.kind),
      ['pod', 'logs', 'trace'],
    );
    const logs = links[1];
    assert.ok(logs?.kind === 'logs');
    if (logs?.kind === 'logs') {
      assert.deepEqual(logs.range, { from: '2026-01-01T11:55:00.000Z', to: '2026-01-01T12:05:00.000Z' });
      assert.equal(logs.pod, 'checkout-a');
    }
  });

  it('ranks the namespaces the timeline cites, ignoring hidden entries', () => {
    const pod = (namespace: string) => ({ kind: 'pod' as const, centerId: 'seoul-dc', namespace, name: 'p' });
    const entries = [
      entry('1', 1, { refs: [pod('data')] }),
      entry('2', 2, { refs: [pod('shop'), { kind: 'logs', centerId: 'seoul-dc', namespace: 'shop', pod: null, fromMs: 0, toMs: 1 }] }),
      entry('3', 3, { refs: [pod('kube-system'), pod('kube-system'), pod('kube-system')], hidden: true }),
      entry('4', 4, { refs: [{ kind: 'logs', centerId: 'seoul-dc', namespace: null, pod: null, fromMs: 0, toMs: 1 }] }),
    ];
    assert.deepEqual(citedNamespaces(entries), ['shop', 'data']);
    assert.deepEqual(citedNamespaces([]), []);
  });

  it('names each pod in the links of an entry that cites several', () => {
    const pod = (name: string) => ({ kind: 'pod' as const, centerId: 'seoul-dc', namespace: 'shop', name });
    const links = entryLinks(entry('y', 0, { refs: [pod('checkout-7d9f8b6c5-x2kqp'), pod('checkout-7d9f8b6c5-nxx4b')] }));
    assert.deepEqual(
      links.map((link) => link.label),
      ['Open pod …x2kqp', 'Pod logs …x2kqp', 'Open pod …nxx4b', 'Pod logs …nxx4b'],
    );
    assert.deepEqual(
      entryLinks(entry('z', 0, { refs: [pod('reports-db-0')] })).map((link) => link.label),
      ['Open pod', 'Pod logs'],
    );
  });

  it('turns a window into an absolute range', () => {
    assert.deepEqual(windowRange({ fromMs: 0, toMs: minute }), { from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:01:00.000Z' });
  });
});

describe('incident drafts', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const alert: AlertRecord = {
    centerId: 'seoul-dc',
    fingerprint: 'f00d',
    alertName: 'NodeMemoryHigh',
    state: 'active',
    severity: 'warning',
    labels: { alertname: 'NodeMemoryHigh', instance: 'sel-k8s-w-07' },
    annotations: {},
    startsAt: now - 38 * minute,
    endsAt: now + 4 * minute,
    updatedAt: now,
  };

  it('drafts from a firing alert with a window from 30 minutes before it fired until now', () => {
    const draft = draftFromAlert(alert, now);
    assert.equal(draft.title, 'NodeMemoryHigh on sel-k8s-w-07');
    assert.equal(draft.severity, 'high');
    assert.deepEqual(draft.centerIds, ['seoul-dc']);
    assert.deepEqual(draft.window, { fromMs: now - 68 * minute, toMs: now });
    assert.deepEqual(draft.origin, { type: 'alert', centerId: 'seoul-dc', fingerprint: 'f00d', alertName: 'NodeMemoryHigh' });
  });

  it('closes a resolved alert’s window 10 minutes after it resolved', () => {
    const resolved = { ...alert, endsAt: now - 20 * minute };
    assert.equal(draftFromAlert(resolved, now).window.toMs, now - 10 * minute);
    const firingFirst = orderAlerts([resolved, { ...alert, fingerprint: 'b' }], now);
    assert.deepEqual(
      firingFirst.map((item) => item.fingerprint),
      ['b', 'f00d'],
    );
  });

  it('drafts from a selected pod with its workload as the service', () => {
    const draft = draftFromSelection({ view: 'pods', kind: 'pod', key: 'seoul-dc/shop/checkout-7d9f8b6c5-x2kqp' }, { fromMs: 1, toMs: 2 });
    assert.equal(draft.title, 'Investigate pod shop/checkout-7d9f8b6c5-x2kqp');
    assert.deepEqual(draft.services, ['checkout']);
    assert.deepEqual(draft.origin, { type: 'selection', view: 'pods', description: 'pod shop/checkout-7d9f8b6c5-x2kqp in seoul-dc' });
    assert.equal(workloadOf('reports-db-0'), 'reports-db');
    assert.deepEqual(parseList('checkout, payments  checkout,'), ['checkout', 'payments']);
  });
});
