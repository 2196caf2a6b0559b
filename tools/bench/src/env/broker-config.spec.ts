import { brokerConfigLines } from './broker-config.js';

describe('brokerConfigLines', () => {
  it('gives one config line per ;-separated setting, trimmed', () => {
    expect(brokerConfigLines('autosave_interval 0; max_inflight_messages 100 ;')).toEqual([
      'autosave_interval 0',
      'max_inflight_messages 100',
    ]);
  });

  it('gives none when unset or empty', () => {
    expect(brokerConfigLines(undefined)).toEqual([]);
    expect(brokerConfigLines(' ; ')).toEqual([]);
  });
});
