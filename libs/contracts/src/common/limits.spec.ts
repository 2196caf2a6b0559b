import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MESSAGE_BYTES } from './limits.js';

describe('MAX_MESSAGE_BYTES, where it cannot be imported', () => {
  it("is the broker's message_size_limit", () => {
    const conf = readFileSync(
      join(__dirname, '../../../../docker/mosquitto/mosquitto.conf'),
      'utf8',
    );
    expect(conf).toMatch(new RegExp(`^message_size_limit ${MAX_MESSAGE_BYTES}$`, 'm'));
  });
});
