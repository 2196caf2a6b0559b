import { Registry } from 'prom-client';
import { CountedAtScrape } from './counted-at-scrape.js';

describe('CountedAtScrape', () => {
  const make = () => {
    const registry = new Registry();
    const counted = new CountedAtScrape(
      { name: 'things_total', help: 'things', labelNames: ['colour'], registers: [registry] },
      ['red', 'blue'] as const,
      (colour) => ({ colour }),
    );
    return { registry, counted };
  };

  it('shows every key at 0 before anything is counted', async () => {
    const { registry } = make();
    const text = await registry.metrics();
    expect(text).toContain('things_total{colour="red"} 0');
    expect(text).toContain('things_total{colour="blue"} 0');
  });

  it('adds the counts to the counter when it is read, once', async () => {
    const { registry, counted } = make();
    counted.add('red');
    counted.add('red');
    counted.add('blue');
    counted.counter.inc({ colour: 'blue' });
    expect(await registry.metrics()).toContain('things_total{colour="red"} 2');
    expect(await registry.metrics()).toContain('things_total{colour="red"} 2');
    expect(await registry.metrics()).toContain('things_total{colour="blue"} 2');
    counted.add('red');
    expect(await registry.metrics()).toContain('things_total{colour="red"} 3');
  });
});
