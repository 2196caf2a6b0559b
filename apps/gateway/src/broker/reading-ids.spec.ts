import { ReadingIds } from './reading-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ReadingIds', () => {
  it('gives version-4 UUIDs, each once', () => {
    const ids = new ReadingIds();
    const given = Array.from({ length: 1000 }, () => ids.next());
    expect(given.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(given).size).toBe(1000);
  });

  it('counts on in the upper half when the lower one wraps', () => {
    const ids = new ReadingIds('0f1e2d3c-4b5a-4968-8776-00000afffffe');
    expect([ids.next(), ids.next(), ids.next()]).toEqual([
      '0f1e2d3c-4b5a-4968-8776-00000affffff',
      '0f1e2d3c-4b5a-4968-8776-00000b000000',
      '0f1e2d3c-4b5a-4968-8776-00000b000001',
    ]);
  });

  it('wraps past the last id of the 12 digits, keeping their form', () => {
    const ids = new ReadingIds('0f1e2d3c-4b5a-4968-8776-fffffffffffe');
    expect([ids.next(), ids.next()]).toEqual([
      '0f1e2d3c-4b5a-4968-8776-ffffffffffff',
      '0f1e2d3c-4b5a-4968-8776-000000000000',
    ]);
  });

  it('differ between processes', () => {
    expect(new ReadingIds().next()).not.toEqual(new ReadingIds().next());
  });
});
