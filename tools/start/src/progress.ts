import pg from 'pg';

const COUNT_ROWS = `SELECT
  (SELECT count(*) FROM temperature) AS temperature,
  (SELECT count(*) FROM pressure) AS pressure,
  (SELECT count(*) FROM heart_rate) AS heart_rate,
  (SELECT count(*) FROM rejected_message) AS rejected`;

/** Prints the rows stored per table every `intervalMs` until stopped. */
export function reportProgress(
  databaseUrl: string,
  print: (line: string) => void,
  intervalMs: number,
): () => Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  let lastError = '';
  const tick = async () => {
    try {
      const { rows } = await pool.query<Record<string, string>>(COUNT_ROWS);
      const counts = rows[0];
      print(
        `rows stored: temperature=${counts.temperature} pressure=${counts.pressure} ` +
          `heart_rate=${counts.heart_rate} rejected_message=${counts.rejected}`,
      );
      lastError = '';
    } catch (err) {
      const message = (err as Error).message;
      if (message !== lastError) print(`rows stored: (database not readable yet: ${message})`);
      lastError = message;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  return async () => {
    clearInterval(timer);
    await pool.end();
  };
}

/** Resolves once GET url answers 200. */
export async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
