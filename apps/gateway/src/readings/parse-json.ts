import { MalformedJsonError } from '../errors/gateway-errors.js';

/** A reading sent as JSON text (REST, WebSocket); text that is not JSON is answered as `malformed_json`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MalformedJsonError(`malformed JSON: ${(err as Error).message}`);
  }
}
