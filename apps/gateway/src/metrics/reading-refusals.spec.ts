import { InvalidReadingError } from '@healthcare/contracts';
import { Registry } from 'prom-client';
import { BrokerUnavailableError, MalformedJsonError } from '../errors/gateway-errors.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MAX_DEVICES_REMEMBERED, ReadingRefusals } from './reading-refusals.js';

const invalid = new InvalidReadingError('temperature', [
  { field: 'value', messages: ['value must be between 25 and 45 C'] },
]);

function refusals() {
  const registry = new Registry();
  const service = new ReadingRefusals(new GatewayMetrics(registry));
  const warn = jest.spyOn(service['logger'], 'warn').mockImplementation(() => undefined);
  const log = jest.spyOn(service['logger'], 'log').mockImplementation(() => undefined);
  const lines = () => [...warn.mock.calls, ...log.mock.calls].map(([line]) => line as string);
  return { service, registry, lines };
}

describe('ReadingRefusals', () => {
  it("logs a device's refusals once per change of reason, counts every one", async () => {
    const { service, registry, lines } = refusals();
    for (let i = 0; i < 100; i++) service.refused('temperature', invalid, 'Temp_042');
    service.refused('temperature', new MalformedJsonError('malformed JSON: x'), 'Temp_042');
    service.refused('temperature', new MalformedJsonError('malformed JSON: x'), 'Temp_042');
    service.accepted('Temp_042');
    service.accepted('Temp_042');
    service.refused('temperature', invalid, 'Temp_042');
    expect(lines()).toEqual([
      expect.stringMatching(/^device Temp_042: temperature readings refused \(invalid_reading\): /),
      expect.stringMatching(/^device Temp_042: temperature readings refused \(malformed_json\): /),
      expect.stringMatching(/^device Temp_042: temperature readings refused \(invalid_reading\): /),
      'device Temp_042: readings accepted again',
    ]);
    const refused = await registry
      .getSingleMetric('healthcare_gateway_readings_refused_total')!
      .get();
    expect(refused.values.map((v) => [v.labels.reason, v.value])).toEqual([
      ['invalid_reading', 101],
      ['malformed_json', 2],
    ]);
  });

  it("does not log the broker's refusals per device (ReadingPublisher logs the broker's state)", () => {
    const { service, lines } = refusals();
    service.refused('temperature', new BrokerUnavailableError('down'), 'Temp_042');
    expect(lines()).toEqual([]);
  });

  it('names no device whose sensor_id the contracts would refuse (no log injection)', () => {
    const { service, lines } = refusals();
    service.refused('heartRate', invalid, 'evil\nINFO forged line');
    service.refused('heartRate', invalid, undefined);
    expect(lines()).toEqual([
      expect.stringMatching(
        /^device \(no valid sensor_id, websocket\): heartRate readings refused/,
      ),
    ]);
  });

  it('remembers a bounded number of devices', () => {
    const { service } = refusals();
    for (let i = 0; i <= MAX_DEVICES_REMEMBERED; i++)
      service.refused('temperature', invalid, `T${i}`);
    expect(service['refusing'].size).toBe(MAX_DEVICES_REMEMBERED);
    expect(service['refusing'].has('T0')).toBe(false);
  });
});
