import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const nxJson = JSON.parse(readFileSync(join(__dirname, '../../../nx.json'), 'utf8')) as Record<
  string,
  unknown
>;

// `pnpm start` runs Nx: in a terminal, Nx asks whether to share usage data (and writes the answer
// into nx.json) unless the answer is already there.
describe('nx.json', () => {
  it('declines usage analytics, so that Nx neither asks nor sends', () => {
    expect(nxJson.analytics).toBe(false);
  });

  it('never connects to Nx Cloud', () => {
    expect(nxJson.neverConnectToCloud).toBe(true);
  });
});
