import { metricsAccess } from './metrics-access.js';

describe('metricsAccess', () => {
  const token = 'a-long-operator-token';

  it.each([
    ['Bearer a-long-operator-token', 'allowed'],
    ['bearer a-long-operator-token', 'allowed'],
    ['Bearer a-long-operator-tokeX', 'unauthorized'],
    ['Bearer a-long-operator-token-and-more', 'unauthorized'],
    ['Basic a-long-operator-token', 'unauthorized'],
    ['a-long-operator-token', 'unauthorized'],
    [undefined, 'unauthorized'],
  ])('with METRICS_TOKEN set, Authorization %p is %s, from anywhere', (header, expected) => {
    expect(metricsAccess(token, header, '10.0.0.7')).toBe(expected);
    expect(metricsAccess(token, header, '127.0.0.1')).toBe(expected);
  });

  it.each([
    ['127.0.0.1', 'allowed'],
    ['::1', 'allowed'],
    ['::ffff:127.0.0.1', 'allowed'],
    ['10.0.0.7', 'forbidden'],
    ['::ffff:192.168.1.4', 'forbidden'],
    [undefined, 'forbidden'],
  ])('without METRICS_TOKEN, a client at %p is %s', (address, expected) => {
    expect(metricsAccess('', undefined, address)).toBe(expected);
  });
});
