import type { ReadingKind } from '@healthcare/contracts';
import type { ReceivedMessage } from '@healthcare/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';

let tick = 0;

/** A valid reading of the kind for the sensor, dated a moment ago and never twice the same. */
export function reading(kind: ReadingKind, sensorId: string): Record<string, unknown> {
  const date = new Date(Date.now() - 60_000 + tick++).toISOString();
  switch (kind) {
    case 'temperature':
      return { sensor_id: sensorId, value: 36.6, unit: 'C', date };
    case 'heartRate':
      return { sensor_id: sensorId, value: 72, unit: 'bpm', date };
    case 'pressure':
      return { sensor_id: sensorId, systolic: 120, diastolic: 80, unit: 'mmHg', date };
  }
}

/** What the gateway answers to a WebSocket upgrade it refuses (no socket opens). */
export interface RefusedUpgrade {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Tries the upgrade; the refusal's status, headers and body, or fails when a socket opened. */
export function refusedUpgrade(url: string, token?: string): Promise<RefusedUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    socket.on('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted: a socket opened'));
    });
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
        socket.terminate();
      });
    });
    socket.on('error', (err) => reject(err));
  });
}

export function sensorOf(message: ReceivedMessage): unknown {
  return (JSON.parse(message.payload) as { sensor_id?: unknown }).sensor_id;
}
