import { BROKER_STATISTICS_TOPICS } from '@healthcare/config';
import { createMetricsRegistry } from '@healthcare/config/metrics';
import { MetricsScrape } from '@healthcare/testing';
import type { Registry, RegistryContentType } from 'prom-client';
import { BrokerStatistics, STATISTICS } from './broker-statistics.js';

describe('BrokerStatistics', () => {
  let registry: Registry<RegistryContentType>;
  let statistics: BrokerStatistics;
  const scrape = async () => new MetricsScrape(await registry.metrics());

  beforeEach(() => {
    registry = createMetricsRegistry();
    statistics = new BrokerStatistics(registry);
  });

  it('has one metric of its own for each statistic the login may read, named by convention', () => {
    expect(Object.keys(STATISTICS).sort()).toEqual([...BROKER_STATISTICS_TOPICS].sort());
    const names = Object.values(STATISTICS).map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { name, type } of Object.values(STATISTICS)) {
      expect(name.endsWith('_total')).toBe(type === 'counter');
      expect(name).toMatch(/^[a-z_]+$/);
    }
  });

  it('serves nothing before the broker has sent a value: absent, not 0', async () => {
    expect([...(await scrape()).names].filter((n) => n.includes('mosquitto'))).toEqual([]);
  });

  it('serves gauges as the broker last sent them, uptime from "<n> seconds"', async () => {
    statistics.record('$SYS/broker/clients/connected', '3');
    statistics.record('$SYS/broker/clients/connected', '2');
    statistics.record('$SYS/broker/heap/current', '48184');
    statistics.record('$SYS/broker/uptime', '12 seconds');
    const m = await scrape();
    expect(m.value('healthcare_mosquitto_clients_connected')).toBe(2);
    expect(m.value('healthcare_mosquitto_heap_bytes')).toBe(48184);
    expect(m.value('healthcare_mosquitto_uptime_seconds')).toBe(12);
    expect(m.text).toContain('# TYPE healthcare_mosquitto_clients_connected gauge');
  });

  it("serves the broker's running totals as counters, which start again when it restarts", async () => {
    statistics.record('$SYS/broker/publish/messages/received', '10');
    statistics.record('$SYS/broker/publish/messages/received', '25');
    expect((await scrape()).value('healthcare_mosquitto_publish_messages_received_total')).toBe(25);
    statistics.record('$SYS/broker/publish/messages/received', '4');
    const m = await scrape();
    expect(m.value('healthcare_mosquitto_publish_messages_received_total')).toBe(4);
    expect(m.text).toContain('# TYPE healthcare_mosquitto_publish_messages_received counter');
  });

  it('takes only its own topics, and ignores what is not a number', async () => {
    expect(statistics.handles('$SYS/broker/clients/connected')).toBe(true);
    expect(statistics.handles('$SYS/broker/version')).toBe(false);
    expect(statistics.handles('temperature')).toBe(false);
    statistics.record('$SYS/broker/clients/connected', 'many');
    statistics.record('$SYS/broker/clients/connected', '-1');
    statistics.record('$SYS/broker/version', '2');
    expect([...(await scrape()).names].filter((n) => n.includes('mosquitto'))).toEqual([]);
  });
});
