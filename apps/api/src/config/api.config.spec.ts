import { ConfigError, loadConfig } from '@healthcare/config';
import { ApiConfig } from './api.config.js';

describe('ApiConfig', () => {
  it('has the documented defaults', () => {
    expect({ ...loadConfig(ApiConfig, {}) }).toEqual({
      DATABASE_URL: 'postgres://postgres:postgres@localhost:5432/healthcare',
      API_PORT: 5002,
      HOST: '0.0.0.0',
      DATABASE_STATEMENT_TIMEOUT_MS: 10_000,
      API_DATABASE_POOL_SIZE: 10,
      READER_CACHE_TTL_MS: 30_000,
      LIVE_STREAMS_PER_READER: 4,
      LIVE_STREAMS: 200,
      LIVE_FLUSH_MS: 250,
      VITAL_MAX_AGE_S: 3600,
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
      TLS_CERT_FILE: '',
      TLS_KEY_FILE: '',
      METRICS_TOKEN: '',
    });
  });

  it.each([
    ['API_PORT', '0'],
    ['API_PORT', '65536'],
    ['DATABASE_URL', 'mysql://db/healthcare'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '99'],
    ['API_DATABASE_POOL_SIZE', '0'],
    ['API_DATABASE_POOL_SIZE', '101'],
    ['READER_CACHE_TTL_MS', '-1'],
    ['LIVE_STREAMS_PER_READER', '0'],
    ['LIVE_FLUSH_MS', '10'],
    ['VITAL_MAX_AGE_S', '604801'],
    ['TLS_CERT_FILE', '/nonexistent/server.crt'],
  ])('rejects %s=%p, naming it', (name, value) => {
    const load = () => loadConfig(ApiConfig, { [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name}: `);
  });
});
