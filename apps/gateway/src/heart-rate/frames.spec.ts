import { parseRawFrame, READING_EVENT } from './frames.js';

const text = '{"sensor_id":"H1","value":72}';

describe('parseRawFrame', () => {
  it.each([
    ['a text frame', text],
    ['a binary frame', Buffer.from(text)],
    ['a fragmented frame', [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]],
    ['an ArrayBuffer', new TextEncoder().encode(text).buffer],
  ])('routes %s to the reading handler as text', (_, data) => {
    expect(parseRawFrame(data)).toEqual({ event: READING_EVENT, data: text });
  });

  it('keeps a Nest-style {event, data} message as a raw reading', () => {
    const envelope = '{"event":"other","data":{}}';
    expect(parseRawFrame(envelope)).toEqual({ event: READING_EVENT, data: envelope });
  });
});
