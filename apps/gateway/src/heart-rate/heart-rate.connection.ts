import type { RawData, WebSocket } from 'ws';
import type { GatewayConfig } from '../config/gateway.config.js';
import { GatewayOverloadedError, PayloadTooLargeError } from '../errors/gateway-errors.js';
import { wsErrorFrame } from '../errors/ws-errors.js';
import type { ReadingRefusals } from '../metrics/reading-refusals.js';
import type { Credential, DeviceAuth } from '../devices/device-auth.service.js';
import type { Accepted, IngestService } from '../readings/ingest.service.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { parseJson } from '../readings/parse-json.js';
import { ackFrameText, frameBytes, frameText, sendFrame } from './frames.js';

/** Close code for a socket whose device may no longer send: 1008, policy violation. */
export const WS_CLOSE_NOT_ALLOWED = 1008;

/** The device the socket was opened for, checked again while it stays open. */
export interface SocketIdentity {
  auth: DeviceAuth;
  credential: Credential;
}

/**
 * One device's WebSocket: each frame is a reading, answered by one frame. What the device can
 * make the gateway hold is bounded: readings waiting for the broker (WS_MAX_IN_FLIGHT, past it
 * refused at once) and answers it has not read (WS_MAX_UNREAD_BYTES, past it the socket closes).
 */
export class HeartRateConnection {
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxUnreadBytes: number;

  constructor(
    private readonly socket: WebSocket,
    private readonly ingest: IngestService,
    private readonly refusals: ReadingRefusals,
    config: GatewayConfig,
    private readonly identity?: SocketIdentity,
  ) {
    this.maxInFlight = config.WS_MAX_IN_FLIGHT;
    this.maxUnreadBytes = config.WS_MAX_UNREAD_BYTES;
  }

  listen(): void {
    this.socket.on('message', (data: RawData) => this.receive(data));
  }

  private receive(data: RawData): void {
    // closing: what it sends now would not be answered
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.inFlight >= this.maxInFlight) {
      const full = new GatewayOverloadedError(
        `${this.inFlight} readings of this connection are waiting for the MQTT broker; ` +
          'wait for their answers',
      );
      return this.refuse(full, frameText(data));
    }
    // counted on the frame as received, before any decoding (a text frame's bytes are its text's)
    if (frameBytes(data) > MAX_READING_BYTES) {
      const large = new PayloadTooLargeError(
        `a reading must not exceed ${MAX_READING_BYTES} bytes`,
      );
      return this.refuse(large, frameText(data));
    }
    const text = frameText(data);
    this.inFlight++;
    let sent: { date: string } | undefined;
    let answered = false;
    const answer: Accepted<'heartRate'> = (err, reading) => {
      if (answered) return;
      answered = true;
      this.inFlight--;
      // the date as the device sent it (not normalised), so it can match the ack to what it holds
      if (reading && sent) this.answer(ackFrameText(reading.sensor_id, sent.date));
      else this.refuse(err, text);
    };
    try {
      this.identity?.auth.check(this.identity.credential);
      sent = parseJson(text) as { date: string };
      this.ingest.take('heartRate', sent, this.identity?.credential, answer);
    } catch (err) {
      answer(err);
    }
  }

  private refuse(err: unknown, text: string): void {
    const frame = wsErrorFrame(err, text);
    this.refusals.refused('heartRate', err, frame.sensor_id);
    this.answer(JSON.stringify(frame));
  }

  /** Closes the socket once its device is disabled or its token has ended. */
  recheck(): void {
    if (!this.identity || this.socket.readyState !== this.socket.OPEN) return;
    try {
      this.identity.auth.check(this.identity.credential);
    } catch (err) {
      // a close reason is at most 123 bytes
      this.socket.close(WS_CLOSE_NOT_ALLOWED, (err as Error).message.slice(0, 120));
    }
  }

  private answer(frame: string): void {
    sendFrame(this.socket, frame, this.maxUnreadBytes);
  }
}
