import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';

/** Roles, grouping, role columns and panels, palette, locale and pending-pod analysis against the real demo console. */
describe('roles end to end in Chromium', { timeout: 300_000 }, () => {
  let demo: DemoPage | undefined;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    demo = await openDemoPage({ page: { viewport: { width: 1500, height: 920 }, locale: 'en-US' }, waitForCentersMs: 90_000 });
    ({ page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
  });

  const activeRole = () => page.$eval('[data-testid="role-picker"]', (element) => element.getAttribute('data-role'));

  async function waitForRole(roleId: string): Promise<void> {
    await page.waitForFunction((id) => document.querySelector('[data-testid="role-picker"]')?.getAttribute('data-role') === id, roleId, {
      timeout: 10_000,
    });
  }

  async function groupedLevels(): Promise<string> {
    await page.waitForSelector('[data-testid="grouped-view"] [data-testid="group-row"]', { timeout: 60_000 });
    return page.$eval('[data-testid="grouped-view"]', (element) => element.getAttribute('data-levels') ?? '');
  }

  /** The outermost groups (folded first: the tree only draws the rows in view). */
  async function topLevelLabels(): Promise<string[]> {
    await page.click('[data-testid="grouped-collapse-all"]');
    const labels = await page.$$eval('[data-testid="group-row"]', (rows) => rows.map((row) => `${row.getAttribute('aria-level')}:${row.getAttribute('data-level')}:${row.textContent ?? ''}`));
    await page.click('[data-testid="grouped-expand-all"]');
    assert.ok(labels.length > 0 && labels.every((label) => label.startsWith('1:')), labels.join(' | '));
    return labels.map((label) => label.slice(2));
  }

  async function firstRowColumns(table: string): Promise<string[]> {
    await page.waitForSelector(`[data-testid="${table}"] [data-testid="row"]`, { timeout: 60_000 });
    return page.$eval(`[data-testid="${table}"] [data-testid="row"]`, (row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.getAttribute('data-column') ?? ''),
    );
  }

  async function openPod(filter: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid="pods-table"] [data-testid="row"]', { timeout: 60_000 });
    await page.fill('[data-testid="table-filter"]', filter);
    await page.waitForFunction(
      (name) => {
        const rows = document.querySelectorAll('[data-testid="pods-table"] [data-testid="row"]');
        return rows.length === 1 && rows[0]?.querySelector('td[data-column="name"]')?.textContent === name;
      },
      filter,
      { timeout: 30_000 },
    );
    await page.click('[data-testid="pods-table"] [data-testid="row"]');
    await page.waitForSelector('[data-testid="detail"] [data-testid="role-panels"]', { timeout: 10_000 });
  }

  const primaryPanels = () => page.$eval('[data-testid="detail"] [data-testid="role-panels"]', (element) => element.getAttribute('data-primary') ?? '');

  it('starts in the infrastructure role: nodes first, grouped center → cluster → node → pods', async () => {
    await page.waitForSelector('[data-testid="role-picker"]', { timeout: 30_000 });
    assert.equal(await activeRole(), 'infrastructure');
    assert.deepEqual(await firstRowColumns('nodes-table'), ['name', 'center', 'ready', 'cpu', 'memory', 'roles', 'kubelet', 'age']);
    await screenshot(page, 'role-infrastructure-main.png');
    await page.keyboard.press('0');
    assert.equal(await groupedLevels(), 'center,cluster,node,pod');
    const top = await topLevelLabels();
    assert.ok(top.some((label) => label.startsWith('center:') && label.includes('seoul-dc')), top.join(' | '));
    assert.ok(top.some((label) => label.startsWith('center:') && label.includes('ohio-region')), top.join(' | '));
    const nodeRows = await page.$$eval('[data-testid="group-row"][data-level="node"][data-entity-kind="node"]', (rows) => rows.length);
    assert.ok(nodeRows >= 4, `node rows: ${nodeRows}`);
    await screenshot(page, 'role-infrastructure-grouped.png');
  });

  it('keeps the selection when the role regroups (a container becomes its pod)', async () => {
    // Select a pod under its node, then switch: the application owner's tree shows the same pod.
    const podKey = await page.$eval('[data-testid="group-row"][data-entity-kind="pod"]', (row) => row.getAttribute('data-key'));
    await page.click(`[data-testid="group-row"][data-key="${podKey}"]`);
    await page.waitForSelector('[data-testid="grouped-view"] [data-testid="detail"]', { timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await waitForRole('application-owner');
    assert.equal(await groupedLevels(), 'namespace,workload,pod,container');
    await page.waitForSelector(`[data-testid="group-row"][data-key="${podKey}"][aria-selected="true"]`, { timeout: 10_000 });
    const top = await topLevelLabels();
    assert.ok(top.every((label) => label.startsWith('namespace:')), top.join(' | '));
    assert.ok(top.some((label) => label.includes('shop')), top.join(' | '));
    await screenshot(page, 'role-application-owner-grouped.png');
    // Now a container: switching to the SRE role keeps its pod selected.
    const containerRow = await page.$eval(`[data-testid="group-row"][data-entity-kind="container"]`, (row) => row.getAttribute('data-key'));
    await page.click(`[data-testid="group-row"][data-key="${containerRow}"]`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+1');
    await waitForRole('infrastructure');
    const podOfContainer = (containerRow ?? '').split('/').slice(0, 3).join('/');
    await page.waitForSelector(`[data-testid="group-row"][data-key="${podOfContainer}"][aria-selected="true"]`, { timeout: 10_000 });
  });

  it('changes the pods columns and the detail panels with the role', async () => {
    await page.keyboard.press('Alt+2');
    await waitForRole('application-owner');
    await page.keyboard.press('2');
    assert.deepEqual(await firstRowColumns('pods-table'), ['namespace', 'name', 'center', 'phase', 'ready', 'restarts', 'reason', 'qos', 'age']);
    await openPod('reports-db-0');
    assert.equal(await primaryPanels(), 'summary,pod.cpu,pod.memory,pod.restarts,logs,events,pending-analysis');
    await screenshot(page, 'role-application-owner-main.png');

    await page.keyboard.press('Alt+1');
    await waitForRole('infrastructure');
    assert.equal(await primaryPanels(), 'summary,events,pending-analysis');
    const more = await page.$eval('[data-testid="more-panels"]', (element) => element.closest('[data-testid="role-panels"]')?.getAttribute('data-more'));
    assert.equal(more, 'pod.cpu,pod.memory,pod.restarts,pod.network,logs');
    await page.keyboard.press('Escape');
    assert.deepEqual(await firstRowColumns('pods-table'), ['name', 'namespace', 'center', 'node', 'phase', 'restarts', 'ready', 'age']);
  });

  it('names the missing PVC of data/reports-db-0 and suggests the fix, with links to events and the manifest', async () => {
    await openPod('reports-db-0');
    await page.waitForSelector('[data-testid="pending-analysis"] [data-testid="pending-finding"]', { timeout: 30_000 });
    const finding = await page.$eval('[data-testid="pending-finding"]', (element) => ({
      code: element.getAttribute('data-code'),
      subject: element.querySelector('[data-testid="pending-subject"]')?.textContent ?? '',
      suggestion: element.querySelector('[data-testid="pending-suggestion"]')?.textContent ?? '',
      refs: [...element.querySelectorAll('[data-ref]')].map((ref) => `${ref.getAttribute('data-ref')}:${ref.textContent ?? ''}`),
    }));
    assert.equal(finding.code, 'missing-pvc');
    assert.equal(finding.subject, 'data-reports-db-0');
    assert.match(finding.suggestion, /data-reports-db-0|claim/i);
    assert.ok(finding.refs.some((ref) => ref.startsWith('event:')), finding.refs.join(' | '));
    assert.ok(finding.refs.some((ref) => ref.startsWith('manifest:') && ref.includes('data-reports-db-0')), finding.refs.join(' | '));
    // The event link brings the scheduler's event into view in the same pane.
    await page.click('[data-testid="pending-finding"] [data-ref="event"]');
    await page.waitForSelector('[data-event-uid].event--flash', { timeout: 5_000 });
    await page.$eval('[data-testid="pending-analysis"]', (element) => element.scrollIntoView());
    await screenshot(page, 'pending-reports-db-0.png');
  });

  it('shows desk-zone times with UTC on hover', async () => {
    const title = await page.$eval('[data-testid="detail"] [data-testid="desk-time"]', (element) => element.getAttribute('title') ?? '');
    assert.match(title, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  });

  it('writes the plain-language summary in Korean and English', async () => {
    await page.waitForSelector('[data-testid="detail"] [data-testid="summary"]', { timeout: 10_000 });
    const english = await page.$eval('[data-testid="detail"] [data-testid="summary"]', (element) => element.textContent ?? '');
    assert.match(english, /reports-db-0/);
    assert.match(english, /Pending/);
    await page.$eval('[data-testid="detail"] [data-testid="summary"]', (element) => element.scrollIntoView());
    await screenshot(page, 'summary-en.png');
    await page.click('[data-testid="locale-switch"] [data-locale="ko"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    const korean = await page.$eval('[data-testid="detail"] [data-testid="summary"]', (element) => element.textContent ?? '');
    assert.match(korean, /reports-db-0/);
    assert.match(korean, /[가-힣]/);
    assert.notEqual(korean, english);
    const tab = await page.$eval('[data-testid="tab-pods"]', (element) => element.textContent ?? '');
    assert.match(tab, /파드/);
    await screenshot(page, 'summary-ko.png');
    // The choice survives a reload.
    await page.reload();
    await page.waitForSelector('[data-testid="tab-pods"]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await page.click('[data-testid="locale-switch"] [data-locale="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  });

  it('shows a node with capacity against requests, conditions, the pods on it and its charts', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await page.fill('[data-testid="table-filter"]', 'seoul-dc');
    await page.waitForSelector('[data-testid="nodes-table"] [data-testid="row"][data-center="seoul-dc"]', { timeout: 30_000 });
    await page.click('[data-testid="nodes-table"] [data-testid="row"][data-center="seoul-dc"]');
    await page.waitForSelector('[data-testid="detail"] [data-testid="node-capacity"]', { timeout: 10_000 });
    const capacity = await page.$$eval('[data-testid="node-capacity"] tbody tr', (rows) => rows.map((row) => row.querySelector('td')?.textContent));
    assert.deepEqual(capacity, ['CPU', 'Memory', 'Pods']);
    await page.waitForSelector('[data-testid="node-conditions"] li', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="node-pods"] tr', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="detail"] [data-testid="chart-node.cpu"] canvas', { timeout: 30_000 });
    assert.equal(await primaryPanels(), 'summary,node.cpu,node.memory,node.network,events');
    await screenshot(page, 'node-detail.png');
    await page.fill('[data-testid="table-filter"]', '');
  });

  it('shows a container with its last termination reason and requests/limits against usage', async () => {
    await page.keyboard.press('Escape');
    // The application owner's container columns include the last termination, which the filter then matches.
    await page.keyboard.press('Alt+2');
    await waitForRole('application-owner');
    await page.keyboard.press('3');
    await page.fill('[data-testid="table-filter"]', 'OOMKilled');
    await page.waitForSelector('[data-testid="containers-table"] [data-testid="row"]', { timeout: 30_000 });
    await page.click('[data-testid="containers-table"] [data-testid="row"]');
    await page.waitForSelector('[data-testid="detail"] [data-testid="last-termination"]', { timeout: 10_000 });
    assert.match((await page.textContent('[data-testid="last-termination"]')) ?? '', /OOMKilled/);
    const resources = await page.$$eval('[data-testid="container-resources"] tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
    );
    assert.equal(resources.length, 2);
    assert.equal(resources[1]![0], 'Memory');
    assert.notEqual(resources[1]![2], '–', 'the OOMKilled container has a memory limit');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="container-resources"] tbody tr td:nth-child(4)')[1]?.textContent !== '–', undefined, {
      timeout: 30_000,
    });
    await screenshot(page, 'container-detail.png');
    await page.fill('[data-testid="table-filter"]', '');
    await page.keyboard.press('Escape');
  });

  it('jumps with the command palette: :nodes, :role, :services', async () => {
    await page.waitForSelector('[data-testid="role-picker"]', { timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.waitForSelector('[data-testid="command-palette"]');
    await page.keyboard.type('nodes');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="tab-nodes"][aria-selected="true"]');
    assert.equal(await page.$('[data-testid="command-palette"]'), null);

    await page.keyboard.press(':');
    await page.waitForSelector('[data-testid="command-palette"]');
    await page.keyboard.type('role service');
    await page.waitForSelector('[data-testid="command-palette"] [aria-selected="true"][data-command="role service-manager"]');
    await page.keyboard.press('Enter');
    await waitForRole('service-manager');

    await page.keyboard.press(':');
    await page.keyboard.type('services');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="services-table"] [data-testid="row"]', { timeout: 60_000 });
    const columns = await firstRowColumns('services-table');
    assert.deepEqual(columns, ['name', 'center', 'namespace', 'availability', 'errorRate', 'latencyP95', 'requests']);
    const services = await page.$$eval('[data-testid="services-table"] td[data-column="name"]', (cells) => cells.map((cell) => cell.textContent));
    assert.ok(services.includes('checkout'), services.join(', '));
    await screenshot(page, 'role-service-manager-main.png');
    await page.keyboard.press('0');
    assert.equal(await groupedLevels(), 'service,center,pod');
    const top = await topLevelLabels();
    assert.ok(top.every((label) => label.startsWith('service:')), top.join(' | '));
    await screenshot(page, 'role-service-manager-grouped.png');
  });

  it('filters the grouped tree with text, regex and label=value', async () => {
    await page.keyboard.press('Alt+2');
    await waitForRole('application-owner');
    await page.keyboard.press('/');
    await page.keyboard.type('namespace=data');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="group-row"][aria-level="1"]')].every((row) => row.textContent?.includes('data')),
    );
    await page.fill('[data-testid="grouped-filter"]', 're:^reports-db-\\d$');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="group-row"][data-entity-kind="pod"]')].map((row) => row.getAttribute('data-key')).join() ===
      'seoul-dc/data/reports-db-0',
    );
    await page.fill('[data-testid="grouped-filter"]', 're:(');
    await page.waitForSelector('[data-testid="filter-problem"]');
    await page.fill('[data-testid="grouped-filter"]', '');
    await page.keyboard.press('Alt+1');
    await waitForRole('infrastructure');
    assert.deepEqual(problems.errors, []);
  });
});
