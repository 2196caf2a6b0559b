import { InvalidReadingError, type ErrorFrame } from '@healthcare/contracts';
import { status } from '@grpc/grpc-js';
import {
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
  type ArgumentsHost,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import {
  BrokerUnavailableError,
  GatewayOverloadedError,
  MalformedJsonError,
  ForbiddenError,
  PayloadTooLargeError,
  toErrorFrame,
  UnauthenticatedError,
} from './gateway-errors.js';
import { GrpcErrors } from './grpc-errors.js';
import { HttpErrorFilter, RETRY_AFTER_SECONDS } from './http-error.filter.js';
import { wsErrorFrame } from './ws-errors.js';

const fieldErrors = [{ field: 'value', messages: ['value must be between 25 and 45 C'] }];
const CASES: [string, Error, ErrorFrame['error'], number, status, string][] = [
  [
    'an invalid reading',
    new InvalidReadingError('temperature', fieldErrors),
    'invalid_reading',
    400,
    status.INVALID_ARGUMENT,
    'invalid_reading',
  ],
  [
    'malformed JSON',
    new MalformedJsonError('malformed JSON: x'),
    'malformed_json',
    400,
    status.INVALID_ARGUMENT,
    'malformed_json',
  ],
  [
    'a payload too large',
    new PayloadTooLargeError('too big'),
    'too_large',
    413,
    status.INVALID_ARGUMENT,
    'too_large',
  ],
  [
    'the broker unavailable',
    new BrokerUnavailableError('down'),
    'unavailable',
    503,
    status.UNAVAILABLE,
    'broker_unavailable',
  ],
  [
    'no subscriber on the topic',
    new BrokerUnavailableError('no subscriber', 'no_subscriber'),
    'unavailable',
    503,
    status.UNAVAILABLE,
    'no_subscriber',
  ],
  [
    'the gateway holding as many readings as it may',
    new GatewayOverloadedError('full'),
    'unavailable',
    503,
    status.RESOURCE_EXHAUSTED,
    'overloaded',
  ],
  [
    'no device token',
    new UnauthenticatedError('no token', false),
    'unauthenticated',
    401,
    status.UNAUTHENTICATED,
    'unauthenticated',
  ],
  [
    'a token for another device',
    new ForbiddenError('not yours'),
    'forbidden',
    403,
    status.PERMISSION_DENIED,
    'forbidden',
  ],
];

/** The refusal counter and log of a gateway, on a registry of their own. */
function refusalsOnRegistry() {
  const registry = new Registry();
  const refusals = new ReadingRefusals(new GatewayMetrics(registry));
  const refused = async (labels: Record<string, string>) =>
    (await registry.getSingleMetric('healthcare_gateway_readings_refused_total')!.get()).values
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  return { refusals, refused };
}

/** Just enough of a Fastify reply to see what the filter answers. */
function fakeReply(url = '/temperature', body = '{"sensor_id":"T1"}') {
  const reply = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
  };
  const api = {
    status: (code: number) => ((reply.statusCode = code), api),
    header: (name: string, value: string) => ((reply.headers[name] = value), api),
    send: (body: unknown) => ((reply.body = body), api),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => api, getRequest: () => ({ url, body }) }),
  } as unknown as ArgumentsHost;
  return { reply, host };
}

describe('error mapping per transport', () => {
  it.each(CASES)(
    '%s -> REST, gRPC and WebSocket answers, counted as refused by its reason',
    async (_, error, code, httpStatus, grpcStatus, reason) => {
      const frame = toErrorFrame(error)!;
      expect(frame).toMatchObject({ status: 'error', error: code, message: error.message });
      const { refusals, refused } = refusalsOnRegistry();
      jest.spyOn(refusals['logger'], 'warn').mockImplementation(() => undefined);

      const { reply, host } = fakeReply();
      new HttpErrorFilter(undefined, refusals).catch(error, host);
      expect(reply.statusCode).toBe(httpStatus);
      expect(reply.body).toEqual(frame);
      expect(reply.headers['Retry-After']).toBe(
        httpStatus === 503 ? String(RETRY_AFTER_SECONDS) : undefined,
      );
      expect(reply.headers['WWW-Authenticate']).toBe(httpStatus === 401 ? 'Bearer' : undefined);

      expect(await refused({ protocol: 'rest', kind: 'temperature', reason })).toBe(1);
      expect(await refused({})).toBe(1);

      const answer = new GrpcErrors(refusals).answer(error, { sensor_id: 'P1' });
      expect(answer.code).toBe(grpcStatus);
      expect(answer.details).toBe(error.message);
      const [errors] = answer.metadata.get('field-errors');
      expect(errors === undefined ? undefined : JSON.parse(String(errors))).toEqual(frame.errors);
      expect(await refused({ protocol: 'grpc', kind: 'pressure', reason })).toBe(1);
      expect(await refused({})).toBe(2);
    },
  );

  it('does not count an error of a route that takes no readings', async () => {
    const { refusals, refused } = refusalsOnRegistry();
    const { reply, host } = fakeReply('/health', '');
    new HttpErrorFilter(undefined, refusals).catch(new PayloadTooLargeException(), host);
    expect(reply.statusCode).toBe(413);
    expect(await refused({})).toBe(0);
  });

  it('challenges a wrong token with invalid_token (RFC 6750)', () => {
    const { reply, host } = fakeReply();
    new HttpErrorFilter(undefined, refusalsOnRegistry().refusals).catch(
      new UnauthenticatedError('unknown token', true),
      host,
    );
    expect(reply.statusCode).toBe(401);
    expect(reply.headers['WWW-Authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('carries the field errors of an invalid reading', () => {
    expect(toErrorFrame(new InvalidReadingError('temperature', fieldErrors))?.errors).toBe(
      fieldErrors,
    );
  });

  it("maps Fastify's 413 for a body past the limit to too_large", () => {
    const { reply, host } = fakeReply();
    new HttpErrorFilter(undefined, refusalsOnRegistry().refusals).catch(
      new PayloadTooLargeException(),
      host,
    );
    expect(reply.statusCode).toBe(413);
    expect(reply.body).toEqual({
      status: 'error',
      error: 'too_large',
      message: 'a reading must not exceed 16384 bytes',
    });
  });

  it("maps Fastify's 415 for a body that is not JSON to unsupported_media_type, counted as refused", async () => {
    const { refusals, refused } = refusalsOnRegistry();
    const { reply, host } = fakeReply();
    new HttpErrorFilter(undefined, refusals).catch(new UnsupportedMediaTypeException(), host);
    expect(await refused({ reason: 'unsupported_media_type' })).toBe(1);
    expect(reply.statusCode).toBe(415);
    expect(reply.body).toEqual({
      status: 'error',
      error: 'unsupported_media_type',
      message: 'a reading must be sent as content-type application/json',
    });
  });

  it('answers an unexpected error over gRPC as INTERNAL without its text', async () => {
    const { refusals, refused } = refusalsOnRegistry();
    const errors = new GrpcErrors(refusals);
    jest.spyOn(errors['logger'], 'error').mockImplementation(() => undefined);
    expect(errors.answer(new Error('secret stack'), {})).toMatchObject({
      code: status.INTERNAL,
      details: expect.not.stringContaining('secret') as unknown,
    });
    expect(await refused({ protocol: 'grpc', reason: 'internal' })).toBe(1);
  });

  describe('WebSocket', () => {
    it('names the reading the error is about when the frame had sensor_id and date', () => {
      const text = '{"sensor_id":"H1","value":7,"date":"2024-05-01T10:00:00"}';
      expect(wsErrorFrame(new InvalidReadingError('heartRate', fieldErrors), text)).toEqual({
        status: 'error',
        error: 'invalid_reading',
        message: expect.any(String) as unknown,
        errors: fieldErrors,
        sensor_id: 'H1',
        date: '2024-05-01T10:00:00',
      });
    });

    it.each([['{nope'], ['[1]'], ['{"sensor_id":5,"date":null}'], ['']])(
      'leaves the reading unnamed for %p',
      (text) => {
        expect(wsErrorFrame(new MalformedJsonError('malformed JSON: x'), text)).toEqual({
          status: 'error',
          error: 'malformed_json',
          message: 'malformed JSON: x',
        });
      },
    );

    it('answers an unexpected error as unavailable, without its details', () => {
      const frame = wsErrorFrame(new Error('secret stack'), '{}');
      expect(frame).toMatchObject({ status: 'error', error: 'unavailable' });
      expect(frame.message).not.toContain('secret');
    });
  });
});
