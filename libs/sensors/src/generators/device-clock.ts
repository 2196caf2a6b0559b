/**
 * "Now" in ISO form for a device, never the same instant twice for one device: the store's
 * unique key is (sensor_id, timestamp), so two readings in the same millisecond would be one.
 */
export class DeviceClock {
  private readonly last = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  next(sensorId: string): string {
    const previous = this.last.get(sensorId);
    const at = previous === undefined ? this.now() : Math.max(this.now(), previous + 1);
    this.last.set(sensorId, at);
    return new Date(at).toISOString();
  }
}
