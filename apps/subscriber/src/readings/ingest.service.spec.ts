import { createMetricsRegistry } from '@healthcare/config/metrics';
import { ReadingTopics } from '../broker/reading-topics.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { BatchItem } from '../storage/batch.js';
import type { BatchWriter } from '../storage/batch-writer.js';
import { IngestService } from './ingest.service.js';

describe('IngestService', () => {
  let added: BatchItem[];
  let ingest: IngestService;

  beforeEach(() => {
    added = [];
    const writer = {
      add: (item: BatchItem) => {
        added.push(item);
        return Promise.resolve();
      },
    } as unknown as BatchWriter;
    ingest = new IngestService(
      writer,
      new MetricsService(createMetricsRegistry()),
      new ReadingTopics('ward-3'),
    );
  });

  const reading = (sensorId: string) =>
    JSON.stringify({ sensor_id: sensorId, value: 36.6, unit: 'C', date: '2026-12-01T10:00:00Z' });

  it("stores a reading from a device's topic when it names that device", async () => {
    await ingest.store('temperature', 'ward-3/temperature/Temp_042', reading('Temp_042'));
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'temperature',
        reading: expect.objectContaining({ sensor_id: 'Temp_042' }) as unknown,
      }),
    ]);
  });

  it("rejects a reading from a device's topic that names another sensor, saying why", async () => {
    await ingest.store('temperature', 'ward-3/temperature/Temp_042', reading('Temp_043'));
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        topic: 'ward-3/temperature/Temp_042',
        reason:
          'sensor_id "Temp_043" is not the device of topic "ward-3/temperature/Temp_042" ' +
          '(Temp_042): a device publishing to the broker may send only its own readings',
      }),
    ]);
  });

  it("stores any sensor's reading from the kind's own topic (the gateway's, which checked the device)", async () => {
    await ingest.store('temperature', 'ward-3/temperature', reading('Temp_043'));
    expect(added).toEqual([expect.objectContaining({ kind: 'temperature' })]);
  });
});
