import { readFileSync } from 'node:fs';
import { ManagedProcess } from './managed-process.js';

/** Running and not a zombie (nothing reaps orphans here). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('ManagedProcess.kill', () => {
  it('also kills what the process started in a session of its own, as PostgreSQL starts its backends', async () => {
    const parent = ManagedProcess.spawn({
      name: 'escaping-child',
      command: 'sh',
      // a child that leaves the process group, as a PostgreSQL backend does; prints its pid
      args: ['-c', 'setsid sh -c \'echo "child $$"; exec sleep 1000\' & wait'],
      env: { PATH: process.env.PATH },
      group: true,
    });
    const [, pid] = await parent.waitForOutput(/child (\d+)/);
    expect(running(Number(pid))).toBe(true);

    await parent.kill();

    expect(running(Number(pid))).toBe(false);
    expect(parent.running).toBe(false);
  });
});
