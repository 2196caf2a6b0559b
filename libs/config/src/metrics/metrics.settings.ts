import type { AppSettings } from '../settings.js';

// a mixin's base must be typed with `any[]` constructor arguments (TypeScript's rule, TS2545)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SettingsClass = new (...args: any[]) => AppSettings;

export interface MetricsSettings {
  METRICS_TOKEN: string;
}

/**
 * Who may read GET /metrics: with METRICS_TOKEN set, a request with `Authorization: Bearer
 * <token>`; without it, only a client on this machine (loopback).
 */
export function withMetrics<B extends SettingsClass>(Base: B) {
  class WithMetrics extends Base implements MetricsSettings {
    // no rule of its own: its value must never be echoed in a configuration error
    METRICS_TOKEN = '';
  }
  return WithMetrics;
}
