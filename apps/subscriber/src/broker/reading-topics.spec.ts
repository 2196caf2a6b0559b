import { ReadingTopics } from './reading-topics.js';

describe('ReadingTopics', () => {
  it('uses the contract topics as they are without a prefix', () => {
    const topics = new ReadingTopics();
    expect(topics.topicOf('temperature')).toBe('temperature');
    expect(topics.topicOf('pressure')).toBe('pressure');
    expect(topics.topicOf('heartRate')).toBe('heartRate');
    expect(topics.subscriptionsOf('heartRate')).toEqual(['heartRate', 'heartRate/+']);
  });

  it.each(['ward-3', 'ward-3/'])('puts the prefix %p in front with one slash', (prefix) => {
    const topics = new ReadingTopics(prefix);
    expect(topics.topicOf('temperature')).toBe('ward-3/temperature');
    expect(topics.kindOf('ward-3/temperature')).toBe('temperature');
    expect(topics.kindOf('temperature')).toBeUndefined();
  });

  it('maps a topic back to its kind and nothing else', () => {
    const topics = new ReadingTopics();
    expect(topics.kindOf('heartRate')).toBe('heartRate');
    expect(topics.kindOf('heartrate')).toBeUndefined();
    expect(topics.kindOf('temperature/extra/more')).toBeUndefined();
    expect(topics.kindOf('temperature/')).toBeUndefined();
    expect(topics.kindOf('alerts/Temp_042')).toBeUndefined();
    expect(topics.kindOf('')).toBeUndefined();
  });

  it("binds a device's topic to the sensor_id of its last level, and no other topic", () => {
    const topics = new ReadingTopics('ward-3');
    expect(topics.kindOf('ward-3/temperature/Temp_042')).toBe('temperature');
    expect(topics.deviceOf('ward-3/temperature/Temp_042')).toBe('Temp_042');
    expect(topics.deviceOf('ward-3/temperature')).toBeUndefined();
    expect(topics.deviceOf('ward-3/temperature/')).toBeUndefined();
    expect(topics.deviceOf('ward-3/alerts/Temp_042')).toBeUndefined();
    expect(topics.deviceOf('temperature/Temp_042')).toBeUndefined();
  });

  it('subscribes through the shared group when one is set', () => {
    const topics = new ReadingTopics('site/a', 'storers');
    expect(topics.subscriptionsOf('pressure')).toEqual([
      '$share/storers/site/a/pressure',
      '$share/storers/site/a/pressure/+',
    ]);
    // messages arrive on the real topic, without the $share part
    expect(topics.kindOf('site/a/pressure')).toBe('pressure');
    expect(topics.kindOf('site/a/pressure/Press_042')).toBe('pressure');
  });
});
