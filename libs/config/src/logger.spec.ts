import { createLogger } from './logger.js';

describe('createLogger', () => {
  let written: string;

  beforeEach(() => {
    written = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((text) => {
      written += String(text);
      return true;
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('names the app on each text line', () => {
    createLogger('gateway', { LOG_FORMAT: 'text', LOG_LEVEL: 'log' }).log('ready', 'Bootstrap');

    expect(written).toMatch(/^\[gateway\] \d+ +- .*\[Bootstrap\] ready\n$/);
  });

  it('names the app in each JSON line', () => {
    createLogger('subscriber', { LOG_FORMAT: 'json', LOG_LEVEL: 'log' }).log('ready', 'Bootstrap');

    expect(JSON.parse(written)).toMatchObject({
      app: 'subscriber',
      level: 'log',
      message: 'ready',
      context: 'Bootstrap',
    });
  });

  it('leaves out what is below its level', () => {
    const logger = createLogger('gateway', { LOG_FORMAT: 'json', LOG_LEVEL: 'warn' });
    logger.log('routine');
    logger.warn('odd');

    expect(
      written
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['odd']);
  });
});
