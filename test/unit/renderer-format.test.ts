import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisSizeFor, byteIncrements, timeTickLabels } from '../../renderer/charts/axis-format.ts';
import { formatAge, formatClock, formatDateTime, zoneAbbreviation } from '../../renderer/format/time.ts';
import { formatBytes, formatCores, formatMillicores, formatPercent, formatUnitValue } from '../../renderer/format/units.ts';

describe('renderer unit formatting', () => {
  it('formats bytes in binary units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(256 * 1024 ** 2), '256 MiB');
    assert.equal(formatBytes(62 * 1024 ** 3), '62 GiB');
    assert.equal(formatBytes(Number.NaN), '–');
  });

  it('formats CPU as cores or millicores', () => {
    assert.equal(formatMillicores(250), '250m');
    assert.equal(formatMillicores(4000), '4');
    assert.equal(formatMillicores(15500), '15.5');
    assert.equal(formatCores(0.0538), '53.8m');
    assert.equal(formatCores(1.5), '1.5');
    assert.equal(formatCores(0), '0');
  });

  it('formats panel units', () => {
    assert.equal(formatPercent(0.423), '42.3%');
    assert.equal(formatUnitValue('ratio', 0.5), '50%');
    assert.equal(formatUnitValue('bytes/s', 2048), '2 KiB/s');
    assert.equal(formatUnitValue('count', 3), '3');
    assert.equal(formatUnitValue('cores', null), '–');
  });
});

describe('renderer time formatting', () => {
  const instant = Date.UTC(2025, 10, 23, 14, 5, 9);

  it('formats in the desk time zone, 24-hour', () => {
    assert.equal(formatDateTime(instant, 'UTC'), '2025-11-23 14:05:09');
    assert.equal(formatDateTime(instant, 'Asia/Seoul'), '2025-11-23 23:05:09');
    assert.equal(formatClock(instant, 'America/New_York'), '09:05:09');
    assert.match(zoneAbbreviation('Asia/Seoul', instant), /GMT\+9|KST/);
  });

  it('formats ages like kubectl', () => {
    const now = instant;
    assert.equal(formatAge(now - 45_000, now), '45s');
    assert.equal(formatAge(now - 12 * 60_000, now), '12m');
    assert.equal(formatAge(now - (5 * 60 + 3) * 60_000, now), '5h3m');
    assert.equal(formatAge(now - 17 * 86_400_000, now), '17d');
    assert.equal(formatAge(now + 5_000, now), '0s');
  });

  it('labels time ticks with the date where the day changes', () => {
    const start = Date.UTC(2025, 10, 23, 22, 0) / 1000;
    const labels = timeTickLabels([start, start + 3600, start + 7200], 3600, 'UTC');
    assert.deepEqual(labels, ['22:00\n11-23', '23:00', '00:00\n11-24']);
    assert.deepEqual(timeTickLabels([start], 86_400, 'Asia/Seoul'), ['11-24']);
  });

  it('sizes axes to their labels and steps bytes in powers of two', () => {
    assert.ok(axisSizeFor(['286.1 MiB']) > axisSizeFor(['0']));
    assert.ok(byteIncrements.includes(128 * 1024 ** 2));
  });
});
