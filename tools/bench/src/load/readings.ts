import { READINGS, type ReadingKind } from '@healthcare/contracts';
import type { SensorData } from '@healthcare/proto';

/**
 * Readings of many simulated devices, unique per (sensor_id, date): each device's dates rise
 * strictly (microsecond resolution), and a reading is dated when it is taken, i.e. at its send,
 * so that stored_at - timestamp is the latency from the client's send to the commit.
 */
export class ReadingSource {
  readonly topic: string;
  /** The devices' sensor_ids, in the order of their tokens when the gateway needs them. */
  readonly ids: string[];
  /** `Authorization` header values by device, when the devices have tokens. */
  private readonly authorizations?: string[];
  private last = 0;
  private readonly lastMicros: Float64Array;
  private next = 0;

  constructor(
    readonly kind: ReadingKind,
    devices = 1000,
    name = 'bench',
    tokens?: string[],
  ) {
    if (tokens && tokens.length !== devices) throw new Error('one token per device');
    this.authorizations = tokens?.map((token) => `Bearer ${token}`);
    this.topic = READINGS[kind].topic;
    this.ids = Array.from(
      { length: devices },
      (_, i) => `${name}-${kind}-sensor-${String(i).padStart(6, '0')}`,
    );
    this.lastMicros = new Float64Array(devices);
  }

  /**
   * The next device (or the one given), its sensor_id, a value index and a date of now (UTC ISO,
   * microseconds).
   */
  take(only?: number): { device: number; sensorId: string; date: string } {
    const device = only ?? this.next;
    if (only === undefined) this.next = (device + 1) % this.ids.length;
    this.last = device;
    let micros = Date.now() * 1000;
    if (micros <= this.lastMicros[device]) micros = this.lastMicros[device] + 1;
    this.lastMicros[device] = micros;
    return { device, sensorId: this.ids[device], date: isoMicros(micros) };
  }

  /** The device of the reading taken last. */
  get lastDevice(): number {
    return this.last;
  }

  /** The `Authorization` value of the device of the reading taken last (of `device` if given). */
  authorization(device = this.last): string | undefined {
    return this.authorizations?.[device];
  }

  /**
   * One reading (of the next device, or of the one given) as JSON text, fields in wire order (as
   * devices send and the gateway publishes).
   */
  json(only?: number): string {
    const { device, sensorId, date } = this.take(only);
    const unit = READINGS[this.kind].unit;
    switch (this.kind) {
      case 'temperature':
        return `{"sensor_id":"${sensorId}","value":${temperature(device)},"unit":"${unit}","date":"${date}"}`;
      case 'heartRate':
        return `{"sensor_id":"${sensorId}","value":${heartRate(device)},"unit":"${unit}","date":"${date}"}`;
      case 'pressure': {
        const [systolic, diastolic] = pressure(device);
        return `{"sensor_id":"${sensorId}","systolic":${systolic},"diastolic":${diastolic},"unit":"${unit}","date":"${date}"}`;
      }
    }
  }

  /** One blood-pressure reading as the gRPC message. */
  proto(): SensorData {
    const { device, sensorId, date } = this.take();
    const [systolic, diastolic] = pressure(device);
    return { sensor_id: sensorId, systolic, diastolic, unit: READINGS.pressure.unit, date };
  }

  /** One temperature row in COPY text format (sensor_id, value, unit, timestamp). */
  copyRow(): string {
    const { device, sensorId, date } = this.take();
    return `${sensorId}\t${temperature(device)}\t${READINGS.temperature.unit}\t${date}\n`;
  }
}

export function isoMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = String(micros - millis * 1000).padStart(3, '0');
  return `${new Date(millis).toISOString().slice(0, -1)}${rest}Z`;
}

// values inside every range, varied per device
const temperature = (device: number) => (3600 + (device % 300)) / 100;
const heartRate = (device: number) => 60 + (device % 60);
const pressure = (device: number): [number, number] => [
  (1100 + (device % 300)) / 10,
  (700 + (device % 150)) / 10,
];
