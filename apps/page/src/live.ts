import type { AlertMessage, VitalsMessage } from '@healthcare/contracts';
import { token } from './api.js';

export interface LiveBatch {
  vitals: VitalsMessage[];
  alerts: AlertMessage[];
  reload_alerts: boolean;
}

/**
 * Reads GET /live (server-sent events) with the token in a header, which EventSource cannot send;
 * reconnects after a pause when the stream ends, calling `onOpen` so the caller reloads.
 */
export function followLive(
  onBatch: (batch: LiveBatch) => void,
  onState: (connected: boolean) => void,
  onOpen: () => void,
): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('/live', {
          headers: { authorization: `Bearer ${token.get() ?? ''}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`live: ${res.status}`);
        onState(true);
        onOpen();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += value;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = event
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (data && data !== 'keepalive') onBatch(JSON.parse(data) as LiveBatch);
          }
        }
      } catch {
        // the stream broke or was refused: try again below
      }
      onState(false);
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
