import { type ClientEventName, clientPayloadSchemas } from '@beacon/protocol';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createBeaconMetrics, UNKNOWN_EVENT, UNMATCHED_ROUTE } from './beacon-metrics';
import { parseExposition, sampleValue } from './testing';

async function scrape(metrics: ReturnType<typeof createBeaconMetrics>) {
  return parseExposition((await metrics.scrape()).body);
}

describe('BeaconMetrics', () => {
  it('labels every series with the node and serves the Prometheus text format', async () => {
    const metrics = createBeaconMetrics({ nodeId: 'node-a' });
    metrics.messageSent();
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(body);
    expect(sampleValue(samples, 'beacon_messages_sent_total', { node: 'node-a' })).toBe(1);
    // prom-client's process metrics: CPU, resident memory, event-loop lag.
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(sampleValue(samples, name, { node: 'node-a' }), name).toBeGreaterThanOrEqual(0);
    }
    expect(samples.every((sample) => sample.labels.node === 'node-a')).toBe(true);
  });

  it('keeps each instance in its own registry, never the global one', async () => {
    const first = createBeaconMetrics({ nodeId: 'first', defaultMetrics: false });
    const second = createBeaconMetrics({ nodeId: 'second', defaultMetrics: false });
    first.eventReceived('message:send');
    first.eventAcked('message:send', 0.004);
    first.trackConnections(() => 3);
    const samples = await scrape(second);
    expect(sampleValue(samples, 'beacon_socket_events_total', { event: 'message:send' })).toBeUndefined();
    expect(sampleValue(samples, 'beacon_socket_connections')).toBe(0);
    expect(sampleValue(await scrape(first), 'beacon_socket_connections', { node: 'first' })).toBe(3);
    expect(await globalRegistry.getMetricsAsJSON()).toEqual([]);
  });

  it('counts events and times acks by event, in buckets from 0.5 ms to 2 s', async () => {
    const metrics = createBeaconMetrics({ nodeId: 'n', defaultMetrics: false });
    metrics.eventReceived('message:send');
    metrics.eventReceived('message:send');
    metrics.eventReceived('typing');
    metrics.eventAcked('message:send', 0.0004);
    metrics.eventAcked('message:send', 0.003);
    metrics.eventAcked('message:send', 5);
    const samples = await scrape(metrics);
    const send = { event: 'message:send' };
    expect(sampleValue(samples, 'beacon_socket_events_total', send)).toBe(2);
    expect(sampleValue(samples, 'beacon_socket_events_total', { event: 'typing' })).toBe(1);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_count', send)).toBe(3);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_sum', send)).toBeCloseTo(5.0034, 6);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_bucket', { ...send, le: '0.0005' })).toBe(1);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_bucket', { ...send, le: '0.005' })).toBe(2);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_bucket', { ...send, le: '2' })).toBe(2);
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_bucket', { ...send, le: '+Inf' })).toBe(3);
  });

  it('never labels a series with an event outside the contract', async () => {
    const metrics = createBeaconMetrics({ nodeId: 'n', defaultMetrics: false });
    metrics.eventReceived('evil:event' as ClientEventName);
    metrics.eventAcked('evil:event' as ClientEventName, 0.001);
    const samples = await scrape(metrics);
    const known = new Set([...Object.keys(clientPayloadSchemas), UNKNOWN_EVENT]);
    const events = samples.filter((sample) => sample.name.startsWith('beacon_')).map((s) => s.labels.event);
    expect(events.filter((event) => event !== undefined && !known.has(event))).toEqual([]);
    expect(sampleValue(samples, 'beacon_socket_events_total', { event: UNKNOWN_EVENT })).toBe(1);
  });

  it('times commits by operation, counts presence fan-out and HTTP requests by route pattern', async () => {
    const metrics = createBeaconMetrics({ nodeId: 'n', defaultMetrics: false });
    metrics.commitTimed('append', 0.002);
    metrics.commitTimed('read', 0.001);
    metrics.presenceFanout(25);
    metrics.presenceFanout(0);
    metrics.httpResponse('GET', '/api/users/:email/presence', 200, 0.003);
    metrics.httpResponse('GET', undefined, 404, 0.001);
    const samples = await scrape(metrics);
    const commits = 'beacon_store_commit_duration_seconds_count';
    expect(sampleValue(samples, commits, { operation: 'append' })).toBe(1);
    expect(sampleValue(samples, commits, { operation: 'read' })).toBe(1);
    expect(sampleValue(samples, 'beacon_presence_fanout_total')).toBe(25);
    expect(sampleValue(samples, 'beacon_presence_changes_total')).toBe(2);
    const http = 'beacon_http_request_duration_seconds_count';
    expect(
      sampleValue(samples, http, { method: 'GET', route: '/api/users/:email/presence', status_code: '200' }),
    ).toBe(1);
    expect(sampleValue(samples, http, { route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
  });
});
