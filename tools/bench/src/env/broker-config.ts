/**
 * Lines BENCH_BROKER_CONFIG adds after the project's broker config, `;` between them: a setting
 * given there wins (e.g. `autosave_interval 0`, to see what the broker's periodic saves cost a
 * run without a second build).
 */
export function brokerConfigLines(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
