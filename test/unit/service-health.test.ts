// Service health from request samples (server spans): availability, error rate, nearest-rank latency
// percentiles, error log lines of the service's namespace and active alerts naming it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, summarizeServiceHealth, type ServiceRequestSample } from '../../shared/analysis/service-health.ts';

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 20 }, (_, index) => index + 1);
  assert.equal(percentile(values, 0.5), 10);
  assert.equal(percentile(values, 0.95), 19);
  assert.equal(percentile(values, 0.99), 20);
  assert.equal(percentile([], 0.5), null);
  assert.equal(percentile([7], 0.99), 7);
});

test('per center and service: error rate, availability, latency, logs and alerts; worst first', () => {
  const samples: ServiceRequestSample[] = [
    ...Array.from({ length: 8 }, (_, index) => ({ centerId: 'seoul-dc', service: 'checkout', namespace: 'shop', durationMs: 100 + index * 10, error: index < 2 })),
    ...Array.from({ length: 4 }, (_, index) => ({ centerId: 'seoul-dc', service: 'cart', namespace: 'shop', durationMs: 5 + index, error: false })),
    { centerId: 'ohio-region', service: 'checkout', namespace: null, durationMs: 40, error: false },
  ];
  const health = summarizeServiceHealth(samples, {
    fromMs: 0,
    toMs: 3_600_000,
    errorLogLines: new Map([['seoul-dc/shop', 42]]),
    activeAlerts: [
      { centerId: 'seoul-dc', labels: { alertname: 'CheckoutErrors', service: 'checkout' } },
      { centerId: 'seoul-dc', labels: { alertname: 'NodeMemoryHigh', instance: 'w7' } },
    ],
  });
  assert.deepEqual(health.map((entry) => `${entry.centerId}/${entry.service}`), ['seoul-dc/checkout', 'ohio-region/checkout', 'seoul-dc/cart']);
  const checkout = health[0]!;
  assert.equal(checkout.requests, 8);
  assert.equal(checkout.errors, 2);
  assert.equal(checkout.errorRate, 0.25);
  assert.equal(checkout.availability, 0.75);
  assert.equal(checkout.latencyP50Ms, 130);
  assert.equal(checkout.latencyP95Ms, 170);
  assert.equal(checkout.errorLogLines, 42);
  assert.equal(checkout.activeAlerts, 1);
  const ohio = health[1]!;
  assert.equal(ohio.namespace, null);
  assert.equal(ohio.errorLogLines, null, 'no namespace, no log count');
  assert.equal(health[2]!.activeAlerts, 0);
});
