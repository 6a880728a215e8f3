import type { TimelineEntry } from '../domain/incidents.ts';
import { visibleEntries, type ExportDocument } from './incident-export.ts';
import { centerName, chartRange, formatValue, sourceLabels } from './export-labels.ts';
import { formatBoth, formatUtc, formatWhen, zoneNote } from './export-time.ts';

/** Inline text: characters Markdown would read as markup are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}

function section(title: string, markdown: string): string {
  return `## ${title}\n\n${markdown.trim() === '' ? '_Not written yet._' : markdown.trim()}\n`;
}

/** Text that is not Markdown (event messages, rollout details): markup characters escaped, lines kept. */
function escapeLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\\`*_[\]<>|#~]/g, (character) => `\\${character}`))
    .join('\n');
}

function indent(markdown: string): string {
  return markdown
    .trim()
    .split(/\r?\n/)
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
}

/** One list item per visible entry: `- **local** (utc) ★ · source · center · object — title`. */
export function markdownEntry(entry: TimelineEntry, doc: ExportDocument): string {
  const facts = [sourceLabels[entry.source], centerName(doc, entry.centerId), entry.object ?? ''].filter((fact) => fact !== '').map(escapeMarkdown);
  const star = entry.starred ? ' ★' : '';
  const both = formatBoth(entry.at, doc.timeZone);
  const lines = [`- **${both.local}**${both.utc === null ? '' : ` (${both.utc})`}${star} · ${facts.join(' · ')} — ${escapeMarkdown(entry.title)}`];
  if (entry.endAt !== null) lines.push(`  until ${formatWhen(entry.endAt, doc.timeZone)}`);
  // Only notes are Markdown; every other body is text from a record.
  if (entry.body) lines.push('', indent(entry.source === 'note' ? entry.body : escapeLines(entry.body)));
  if (entry.annotation) lines.push('', indent(`> **Annotation:** ${entry.annotation.split(/\r?\n/).join('\n> ')}`));
  return lines.join('\n');
}

/**
 * A post-mortem in Markdown: summary, impact, timeline (every visible entry, in order, key events
 * starred ★; hidden entries left out and counted), root cause, actions, then key metrics and log samples.
 */
export function toMarkdown(doc: ExportDocument): string {
  const { incident } = doc;
  const { window: span } = incident;
  const entries = visibleEntries(doc);
  const hiddenCount = doc.timeline.length - entries.length;
  const centers = incident.centerIds.map((id) => centerName(doc, id)).join(', ') || '—';
  const out: string[] = [
    `# ${escapeMarkdown(incident.title)}`,
    '',
    `| Incident | Severity | Status | Owner | Centers | Services |`,
    `| --- | --- | --- | --- | --- | --- |`,
    `| ${incident.id} | ${incident.severity} | ${incident.status} | ${escapeMarkdown(incident.owner ?? '—')} | ${escapeMarkdown(centers)} | ${escapeMarkdown(incident.services.join(', ') || '—')} |`,
    '',
    `Window: ${formatWhen(span.fromMs, doc.timeZone)} – ${formatWhen(span.toMs, doc.timeZone)}.`,
  ];
  if (incident.imported) {
    out.push('', `Imported from a pack signed by ${escapeMarkdown(incident.imported.signer)} (key ${incident.imported.signerKeyId}, ${incident.imported.trusted ? 'trusted' : 'UNTRUSTED'}) at ${formatUtc(incident.imported.signedAt)}.`);
  }
  out.push('', section('Summary', incident.summary), section('Impact', incident.impact));
  out.push('## Timeline', '');
  out.push(`${zoneNote(doc.timeZone)}; ★ marks key events.${hiddenCount > 0 ? ` ${hiddenCount} ${hiddenCount === 1 ? 'entry' : 'entries'} hidden as noise ${hiddenCount === 1 ? 'is' : 'are'} left out (the JSON export keeps them).` : ''}`, '');
  if (entries.length === 0) out.push('_No entries._');
  for (const entry of entries) out.push(markdownEntry(entry, doc));
  out.push('', section('Root cause', incident.rootCause), section('Actions', incident.actions));
  if (doc.charts.length > 0) {
    out.push('## Key metrics', '', '| Center | Metric | Series | Min | Max |', '| --- | --- | --- | --- | --- |');
    for (const chart of doc.charts) {
      const range = chartRange(chart);
      out.push(`| ${escapeMarkdown(centerName(doc, chart.centerId))} | ${escapeMarkdown(chart.title)} | ${chart.series.length} | ${range ? formatValue(range.min, chart.unit) : '—'} | ${range ? formatValue(range.max, chart.unit) : '—'} |`);
    }
    out.push('');
  }
  if (doc.logs.length > 0) {
    out.push('## Error log samples', '', '```text');
    for (const line of doc.logs) out.push(`${formatUtc(line.at)} ${line.centerId} ${line.namespace ?? '-'}/${line.pod ?? '-'} ${line.level}: ${line.line.replace(/```/g, "'''").replace(/\r?\n/g, ' ')}`);
    out.push('```', '');
  }
  out.push(`_Exported by OpsDesk ${doc.generator.version} at ${formatUtc(doc.generatedAt)}._`, '');
  return out.join('\n');
}
