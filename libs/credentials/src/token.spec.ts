import { bearerToken, newToken, tokenDigest, TOKEN_PATTERN } from './token.js';
import { isValidAt } from './validity.js';

describe('tokens', () => {
  it('are new each time, token-shaped, and carry at least 128 random bits', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(TOKEN_PATTERN);
    const secret = Buffer.from(newToken().slice('hiot_'.length), 'base64url');
    expect(secret.length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are stored as a SHA-256 digest, the same for the same token', () => {
    const token = newToken();
    expect(tokenDigest(token)).toHaveLength(32);
    expect(tokenDigest(token).equals(tokenDigest(token))).toBe(true);
    expect(tokenDigest(token).equals(tokenDigest(newToken()))).toBe(false);
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearer', undefined],
    ['Bearer not-a-token', undefined],
    ['Bearer hiot_short', undefined],
  ])('refuse header %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });

  it('are read from a Bearer header, scheme in any case', () => {
    const token = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
  });
});

describe('validity windows', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const until = new Date('2026-01-02T00:00:00Z');

  it('start at notBefore and end before notAfter', () => {
    expect(isValidAt({ notBefore: from, notAfter: until }, new Date(from.getTime() - 1))).toBe(
      false,
    );
    expect(isValidAt({ notBefore: from, notAfter: until }, from)).toBe(true);
    expect(isValidAt({ notBefore: from, notAfter: until }, new Date(until.getTime() - 1))).toBe(
      true,
    );
    expect(isValidAt({ notBefore: from, notAfter: until }, until)).toBe(false);
  });

  it('take the instant as milliseconds too', () => {
    const window = { notBefore: from, notAfter: until };
    expect(isValidAt(window, from.getTime() - 1)).toBe(false);
    expect(isValidAt(window, from.getTime())).toBe(true);
    expect(isValidAt(window, until.getTime())).toBe(false);
  });

  it('without notAfter never end', () => {
    expect(isValidAt({ notBefore: from, notAfter: null }, new Date('2100-01-01T00:00:00Z'))).toBe(
      true,
    );
  });
});
