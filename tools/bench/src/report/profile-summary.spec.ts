import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfiles } from './profile-summary.js';

const frame = (id: number, functionName: string, url = '', lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('summariseProfiles', () => {
  it('ranks self time by function and by package, idle left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    writeFileSync(
      join(dir, 'gateway.cpuprofile'),
      JSON.stringify({
        nodes: [
          frame(1, '(idle)'),
          frame(
            2,
            'validateSync',
            'file:///w/node_modules/.pnpm/class-validator@0.15.1/node_modules/class-validator/cjs/index.js',
            9,
          ),
          frame(
            3,
            'publish',
            'file:///w/apps/gateway/dist/broker/reading-publisher.service.js',
            41,
          ),
          frame(4, 'writeGeneric', 'node:internal/stream_base_commons', 1),
        ],
        startTime: 1_000_000,
        samples: [1, 2, 2, 3, 4, 2],
        timeDeltas: [5000, 1000, 1000, 1000, 1000, 1000],
      }),
    );
    const [summary] = summariseProfiles(dir);
    expect(summary.busyMs).toBe(5);
    expect(summary.topFrames[0]).toEqual({
      frame: 'validateSync class-validator/cjs/index.js:10',
      selfMs: 3,
      percent: 60,
    });
    expect(summary.byPackage.map((p) => p.frame)).toEqual([
      'class-validator',
      'apps/gateway',
      'node internals',
    ]);

    // samples at 1.005, 1.006, ... 1.010 s: the window keeps the 3rd to the 5th
    const [windowed] = summariseProfiles(dir, [1_007_000, 1_009_000]);
    expect(windowed.busyMs).toBe(3);
    expect(windowed.topFrames.map((f) => f.frame)).toEqual([
      'validateSync class-validator/cjs/index.js:10',
      'publish apps/gateway/dist/broker/reading-publisher.service.js:42',
      'writeGeneric node:internal/stream_base_commons:2',
    ]);
  });
});
