/**
 * Ids of `count` simulated devices numbered from `baseId`: its trailing number is counted up,
 * keeping its zero padding (Temp_001 + 3 -> Temp_001, Temp_002, Temp_003; Temp_099 + 2 ->
 * Temp_099, Temp_100). A base without a trailing number gets `_001`, `_002`, ... appended
 * when there is more than one device. One device always uses the base id itself.
 */
export function deviceIds(baseId: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
  if (count === 1) return [baseId];
  const match = /^(.*?)(\d+)$/.exec(baseId);
  const [prefix, first, width] = match
    ? [match[1], Number(match[2]), match[2].length]
    : [`${baseId}_`, 1, 3];
  return Array.from(
    { length: count },
    (_, i) => `${prefix}${String(first + i).padStart(width, '0')}`,
  );
}
