import { legendOf } from './render.js';

describe("a series' name, as Grafana's legend gives it", () => {
  it('fills {{label}} from the series', () => {
    expect(legendOf('{{protocol}} published', { protocol: 'grpc' }, 'x')).toBe('grpc published');
    expect(legendOf('{{ reason }}', {}, 'x')).toBe('');
  });

  it('without a legend format: the labels, else the query', () => {
    expect(legendOf(undefined, { state: 'idle' }, 'x')).toBe('{state="idle"}');
    expect(legendOf(undefined, {}, 'sum(up)')).toBe('sum(up)');
  });
});
