import type { TimelineEntry } from '../domain/incidents.ts';
import { visibleEntries, type ExportDocument } from './incident-export.ts';
import { centerName, sourceLabels } from './export-labels.ts';
import { formatBoth, formatUtc, formatWhen, zoneNote } from './export-time.ts';
import { chartLegend, escapeHtml, svgChart } from './svg-chart.ts';

/** Nothing may load: no scripts, no fetches, only inline styles and data: images. */
export const exportContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const styles = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #e5e7eb}
table.facts{border-collapse:collapse}table.facts th,table.facts td{text-align:left;padding:.15rem .8rem .15rem 0;vertical-align:top}
.muted{color:#6b7280}.prose{white-space:pre-wrap}
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid #d1d5db;padding:.3rem .7rem;margin:.3rem 0}
ol.timeline li.critical{border-color:#dc2626}ol.timeline li.warning{border-color:#d97706}ol.timeline li.starred{background:#fef9c3}
.when{font-family:ui-monospace,monospace;font-size:.85rem}.source{font-size:.75rem;text-transform:uppercase;color:#374151;letter-spacing:.03em}
.star{color:#b45309;font-weight:bold}.body{white-space:pre-wrap;margin:.2rem 0 0}.annotation{margin:.2rem 0 0;font-style:italic}
figure{margin:.8rem 0}figcaption{font-weight:600}svg.chart{font:10px ui-monospace,monospace;fill:#374151;max-width:100%;height:auto}
svg.chart .grid{stroke:#e5e7eb}.legend{font-size:.75rem;color:#374151}.legend>span{margin-right:.8rem;white-space:nowrap}.swatch{display:inline-block;width:.8rem;height:.2rem;margin-right:.3rem;vertical-align:middle}pre.logs{font-size:.75rem;white-space:pre-wrap;background:#f9fafb;padding:.5rem}
.banner{padding:.5rem;border:1px solid #d97706;background:#fffbeb}
@media print{body{margin:0;max-width:none}ol.timeline li{break-inside:avoid}figure{break-inside:avoid}}
`;

function when(ms: number, timeZone: string): string {
  const both = formatBoth(ms, timeZone);
  return both.utc === null ? escapeHtml(both.local) : `${escapeHtml(both.local)} <span class="muted">(${escapeHtml(both.utc)})</span>`;
}

function entryItem(entry: TimelineEntry, doc: ExportDocument): string {
  const facts = [centerName(doc, entry.centerId), entry.object ?? ''].filter((fact) => fact !== '');
  const classes = [entry.severity, entry.starred ? 'starred' : ''].filter((name) => name !== '').join(' ');
  return [
    `<li class="${classes}" data-entry-id="${escapeHtml(entry.id)}" data-source="${entry.source}">`,
    `<div><span class="when">${when(entry.at, doc.timeZone)}</span> `,
    entry.starred ? '<span class="star" title="key event">★</span> ' : '',
    `<span class="source">${escapeHtml(sourceLabels[entry.source])}</span> `,
    facts.length > 0 ? `<span class="muted">${escapeHtml(facts.join(' · '))}</span>` : '',
    `</div><div class="title">${escapeHtml(entry.title)}</div>`,
    entry.endAt !== null ? `<div class="muted">until ${when(entry.endAt, doc.timeZone)}</div>` : '',
    entry.body ? `<div class="body">${escapeHtml(entry.body)}</div>` : '',
    entry.annotation ? `<div class="annotation">Annotation: ${escapeHtml(entry.annotation)}</div>` : '',
    '</li>',
  ].join('');
}

function prose(title: string, text: string): string {
  return `<h2>${escapeHtml(title)}</h2><div class="prose">${text.trim() === '' ? '<span class="muted">Not written yet.</span>' : escapeHtml(text.trim())}</div>`;
}

/**
 * One self-contained HTML file: inline CSS, charts as inline SVG, no script and no reference that
 * could make a request (the CSP meta forbids any). Notes' Markdown is shown as text, not rendered.
 */
export function toHtml(doc: ExportDocument): string {
  const { incident } = doc;
  const { window: span } = incident;
  const entries = visibleEntries(doc);
  const hiddenCount = doc.timeline.length - entries.length;
  const facts: Array<[string, string]> = [
    ['Incident', incident.id],
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Owner', incident.owner ?? '—'],
    ['Centers', incident.centerIds.map((id) => centerName(doc, id)).join(', ') || '—'],
    ['Services', incident.services.join(', ') || '—'],
    ['Window', `${formatWhen(span.fromMs, doc.timeZone)} – ${formatWhen(span.toMs, doc.timeZone)}`],
  ];
  const body = [
    `<h1>${escapeHtml(incident.title)}</h1>`,
    incident.imported
      ? `<p class="banner">Imported from a pack signed by ${escapeHtml(incident.imported.signer)} (key ${escapeHtml(incident.imported.signerKeyId)}, ${incident.imported.trusted ? 'trusted' : 'untrusted'}) at ${escapeHtml(formatUtc(incident.imported.signedAt))}.</p>`
      : '',
    `<table class="facts">${facts.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`,
    prose('Summary', incident.summary),
    prose('Impact', incident.impact),
    '<h2>Key metrics</h2>',
    doc.charts.length === 0 ? '<p class="muted">Nothing to chart: no cached series in the incident time range.</p>' : '',
    ...doc.charts.map(
      (chart) => `<figure data-chart-id="${escapeHtml(chart.id)}"><figcaption>${escapeHtml(centerName(doc, chart.centerId))} · ${escapeHtml(chart.title)}</figcaption>${svgChart(chart, span)}${chartLegend(chart)}</figure>`,
    ),
    '<h2>Timeline</h2>',
    `<p class="muted">${escapeHtml(zoneNote(doc.timeZone))}; ★ marks key events.${hiddenCount > 0 ? ` ${hiddenCount} hidden ${hiddenCount === 1 ? 'entry is' : 'entries are'} left out (the JSON export keeps them).` : ''}</p>`,
    `<ol class="timeline">${entries.map((entry) => entryItem(entry, doc)).join('')}</ol>`,
    prose('Root cause', incident.rootCause),
    prose('Actions', incident.actions),
    doc.logs.length > 0
      ? `<h2>Error log samples</h2><pre class="logs">${doc.logs.map((line) => escapeHtml(`${formatUtc(line.at)} ${line.centerId} ${line.namespace ?? '-'}/${line.pod ?? '-'} ${line.level}: ${line.line}`)).join('\n')}</pre>`
      : '',
    `<p class="muted">Exported by OpsDesk ${escapeHtml(doc.generator.version)} at ${escapeHtml(formatUtc(doc.generatedAt))}.</p>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${exportContentSecurityPolicy}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(incident.title)} (${escapeHtml(incident.id)})</title>`,
    `<style>${styles}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
