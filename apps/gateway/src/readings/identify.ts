/** sensor_id and date of the reading the error is about, when the message had them. */
export function identify(text: string): { sensor_id?: string; date?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return {};
    const { sensor_id, date } = value as Record<string, unknown>;
    return {
      ...(typeof sensor_id === 'string' ? { sensor_id } : {}),
      ...(typeof date === 'string' ? { date } : {}),
    };
  } catch {
    return {};
  }
}
