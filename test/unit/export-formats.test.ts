import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { exportSchemaFile, exportSchemaText } from '../../electron/services/export/write-export-schema.ts';
import { exportDocumentSchema, visibleEntries } from '../../shared/export/incident-export.ts';
import { formatUtc } from '../../shared/export/export-time.ts';
import { exportContentSecurityPolicy, toHtml } from '../../shared/export/html-export.ts';
import { maskDocument } from '../../shared/export/mask-document.ts';
import { toMarkdown } from '../../shared/export/markdown-export.ts';
import { fixtureDocument, pastedPassword, pastedToken } from '../fixtures/export/incident-export-fixture.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';

registerTestSecret(pastedToken);
registerTestSecret(pastedPassword);

function timelineSection(markdown: string): string[] {
  const start = markdown.indexOf('\n## Timeline\n');
  const end = markdown.indexOf('\n## Root cause\n');
  assert.ok(start > 0 && end > start, 'the post-mortem has a Timeline section before Root cause');
  return markdown.slice(start, end).split('\n').filter((line) => line.startsWith('- **'));
}

test('Markdown: post-mortem layout, and its timeline matches the visible timeline entry for entry', () => {
  const document = maskDocument(fixtureDocument());
  const markdown = toMarkdown(document);
  const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
  assert.deepEqual(headings.slice(0, 5), ['## Summary', '## Impact', '## Timeline', '## Root cause', '## Actions']);
  const items = timelineSection(markdown);
  const visible = visibleEntries(document);
  assert.equal(visible.length, document.timeline.length - 1, 'the fixture hides one entry');
  assert.equal(items.length, visible.length, 'one list item per visible entry');
  visible.forEach((entry, index) => {
    const item = items[index]!;
    assert.ok(item.includes(`(${formatUtc(entry.at)})`), `item ${index} carries the entry's UTC time: ${item}`);
    assert.ok(item.includes(entry.title.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)), `item ${index} carries the title: ${item}`);
    assert.equal(item.includes('★'), entry.starred, `item ${index} is starred exactly when the entry is`);
  });
  assert.equal(items.filter((item) => item.includes('★')).length, 2);
  assert.ok(!markdown.includes('Pulled: image checkout'), 'the hidden entry is left out');
  assert.match(markdown, /1 entry hidden as noise is left out/);
  assert.match(markdown, /2026-11-23 14:22:00 GMT\+9/, 'local times in the desk zone (Asia/Seoul)');
  assert.match(markdown, /Annotation:\*\* This is the page that woke us\./);
});

test('HTML: self-contained (no script, no fetchable reference), CSP meta, one item per visible entry, charts as SVG paths', () => {
  const document = maskDocument(fixtureDocument());
  const html = toHtml(document);
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${exportContentSecurityPolicy}">`));
  assert.equal(exportContentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  for (const forbidden of [/<script/i, /<img/i, /<link/i, /<iframe/i, /<object/i, /<embed/i, /url\(/i, /@import/i, /\ssrc=/i, /\shref=/i, /xlink:/i, /@font-face/i]) {
    assert.doesNotMatch(html, forbidden, `no ${forbidden}`);
  }
  assert.equal((html.match(/<li /g) ?? []).length, visibleEntries(document).length);
  assert.equal((html.match(/<li class="[^"]*starred/g) ?? []).length, 2);
  assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 2);
  assert.equal((html.match(/<path class="series" d="M/g) ?? []).length, 3, 'one path per series');
  assert.doesNotMatch(html, /Pulled: image checkout/);
  // Text from the incident cannot break out into markup.
  const hostile = toHtml(maskDocument(fixtureDocument({ incident: { ...fixtureDocument().incident, title: '<script>alert(1)</script><img src=x>' } })));
  assert.doesNotMatch(hostile, /<script>|<img/);
});

test('JSON: the export validates against the published schema with a real validator, and the schema file is current', () => {
  assert.equal(readFileSync(exportSchemaFile, 'utf8'), exportSchemaText(), 'resources/schemas file = schema generated from the zod source (run electron/services/export/write-export-schema.ts)');
  const schema = JSON.parse(readFileSync(exportSchemaFile, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const document = JSON.parse(JSON.stringify(maskDocument(fixtureDocument()))) as unknown;
  assert.equal(validate(document), true, JSON.stringify(validate.errors));
  assert.equal(exportDocumentSchema.safeParse(document).success, true);
  // The validator rejects what the schema forbids (so a pass above means something).
  const broken = JSON.parse(JSON.stringify(document)) as { formatVersion: number; timeline: Array<Record<string, unknown>>; charts: Array<{ series: Array<{ points: unknown[] }> }> };
  broken.formatVersion = 2;
  broken.timeline[0]!.source = 'gossip';
  broken.charts[0]!.series[0]!.points[0] = ['yesterday', 1];
  assert.equal(validate(broken), false);
  const paths = (validate.errors ?? []).map((error: { instancePath: string }) => error.instancePath);
  assert.ok(paths.includes('/formatVersion') && paths.includes('/timeline/0/source') && paths.includes('/charts/0/series/0/points/0/0'), JSON.stringify(paths));
  assert.equal(schema.$id, 'https://opsdesk.invalid/schemas/incident-export.v1.schema.json');
});

test('every format masks a token and a password pasted into a note and a log line (same rules as the log)', () => {
  const raw = fixtureDocument();
  assert.ok(JSON.stringify(raw).includes(pastedToken), 'the fixture does carry the secrets');
  const masked = maskDocument(raw, ['Seoul-known-vault-secret-value']);
  for (const [format, text] of [
    ['md', toMarkdown(masked)],
    ['html', toHtml(masked)],
    ['json', JSON.stringify(masked)],
  ] as const) {
    assert.ok(!text.includes(pastedToken), `${format}: token masked`);
    assert.ok(!text.includes(pastedPassword), `${format}: password masked`);
    assert.ok(text.includes('Bearer ***'), `${format}: the mask shows where the token was`);
  }
  const withKnown = maskDocument(fixtureDocument({ incident: { ...raw.incident, summary: 'the value Seoul-known-vault-secret-value leaked' } }), ['Seoul-known-vault-secret-value']);
  assert.equal(withKnown.incident.summary, 'the value *** leaked');
});

test('in UTC each time is printed once; record text is escaped, note Markdown is kept', () => {
  const base = fixtureDocument();
  const doc = maskDocument(
    fixtureDocument({
      timeZone: 'Etc/UTC',
      timeline: base.timeline.map((entry) => (entry.id === 'kube-event:seoul-dc:backoff-1' ? { ...entry, body: 'Back-off restarting failed container in pod checkout_shop(d1ed) *now*' } : entry)),
    }),
  );
  const markdown = toMarkdown(doc);
  assert.match(markdown, /^Times in UTC; ★ marks key events\./m);
  assert.match(markdown, /^- \*\*2026-11-23 05:10:00Z\*\* ★ · rollout/m, 'no local time beside UTC');
  assert.match(markdown, /^ {2}Back-off restarting failed container in pod checkout\\_shop\(d1ed\) \\\*now\\\*$/m);
  assert.match(markdown, /^ {2}Rolled back with `kubectl rollout undo`\.$/m, 'the note keeps its Markdown');
  assert.doesNotMatch(toHtml(doc), /\(2026-11-23 05:10:00Z\)/);
});
