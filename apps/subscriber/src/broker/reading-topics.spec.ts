import { ReadingTopics } from './reading-topics.js';

describe('ReadingTopics', () => {
  it('uses the contract topics as they are without a prefix', () => {
    const topics = new ReadingTopics();
    expect(topics.topicOf('temperature')).toBe('temperature');
    expect(topics.topicOf('pressure')).toBe('pressure');
    expect(topics.topicOf('heartRate')).toBe('heartRate');
    expect(topics.subscriptionOf('heartRate')).toBe('heartRate');
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
    expect(topics.kindOf('temperature/extra')).toBeUndefined();
    expect(topics.kindOf('')).toBeUndefined();
  });

  it('subscribes through the shared group when one is set', () => {
    const topics = new ReadingTopics('site/a', 'storers');
    expect(topics.subscriptionOf('pressure')).toBe('$share/storers/site/a/pressure');
    // messages arrive on the real topic, without the $share part
    expect(topics.kindOf('site/a/pressure')).toBe('pressure');
  });
});
