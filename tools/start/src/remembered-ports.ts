import { preferredOrFreePort } from '@healthcare/embedded/ports';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The ports `pnpm start` picked, kept in a file of the clone's data folder: the next run takes
 * the same ones when they are free, so a psql or mosquitto_sub line copied from the last run
 * keeps working when a default port was taken.
 */
export class RememberedPorts {
  private readonly ports: Record<string, number>;

  constructor(private readonly file: string) {
    this.ports = readPorts(file);
  }

  /** The port set by the user, else the one of the last run, else the default; a free one if taken. */
  async pick(
    name: string,
    configured: string | undefined,
    fallback: number,
    host?: string,
  ): Promise<number> {
    const preferred = configured ? Number(configured) : (this.ports[name] ?? fallback);
    const port = await preferredOrFreePort(preferred, host);
    this.ports[name] = port;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(this.ports, null, 2)}\n`);
    return port;
  }
}

function readPorts(file: string): Record<string, number> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, number] =>
          Number.isInteger(entry[1]) && (entry[1] as number) > 0 && (entry[1] as number) < 65536,
      ),
    );
  } catch {
    return {};
  }
}
