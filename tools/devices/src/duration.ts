const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest grace a rotation may give the old token: a rotation that never ends is none. */
export const MAX_GRACE_MS = 365 * UNITS.d;

/** `90s`, `30m`, `1h`, `7d`, `0` as milliseconds; undefined when it is not one of those forms. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match;
  if (unit === undefined && Number(amount) !== 0) return undefined;
  const ms = Math.round(Number(amount) * UNITS[unit ?? 'ms']);
  return ms <= MAX_GRACE_MS ? ms : undefined;
}
