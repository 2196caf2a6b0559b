import { InvalidReadingError, type ErrorFrame } from '@healthcare/contracts';
import { status, type Metadata } from '@grpc/grpc-js';
import {
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
  type ArgumentsHost,
} from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import {
  BrokerUnavailableError,
  GatewayOverloadedError,
  MalformedJsonError,
  PayloadTooLargeError,
  toErrorFrame,
} from './gateway-errors.js';
import { GrpcErrorFilter } from './grpc-error.filter.js';
import { HttpErrorFilter, RETRY_AFTER_SECONDS } from './http-error.filter.js';
import { wsErrorFrame } from './ws-errors.js';

const fieldErrors = [{ field: 'value', messages: ['value must be between 25 and 45 C'] }];
const CASES: [string, Error, ErrorFrame['error'], number, status][] = [
  [
    'an invalid reading',
    new InvalidReadingError('temperature', fieldErrors),
    'invalid_reading',
    400,
    status.INVALID_ARGUMENT,
  ],
  [
    'malformed JSON',
    new MalformedJsonError('malformed JSON: x'),
    'malformed_json',
    400,
    status.INVALID_ARGUMENT,
  ],
  [
    'a payload too large',
    new PayloadTooLargeError('too big'),
    'too_large',
    413,
    status.INVALID_ARGUMENT,
  ],
  [
    'the broker unavailable',
    new BrokerUnavailableError('down'),
    'unavailable',
    503,
    status.UNAVAILABLE,
  ],
  [
    'the gateway holding as many readings as it may',
    new GatewayOverloadedError('full'),
    'unavailable',
    503,
    status.RESOURCE_EXHAUSTED,
  ],
];

/** Just enough of a Fastify reply to see what the filter answers. */
function fakeReply() {
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
  const host = { switchToHttp: () => ({ getResponse: () => api }) } as unknown as ArgumentsHost;
  return { reply, host };
}

describe('error mapping per transport', () => {
  it.each(CASES)(
    '%s -> REST, gRPC and WebSocket answers',
    (_, error, code, httpStatus, grpcStatus) => {
      const frame = toErrorFrame(error)!;
      expect(frame).toMatchObject({ status: 'error', error: code, message: error.message });

      const { reply, host } = fakeReply();
      new HttpErrorFilter().catch(error, host);
      expect(reply.statusCode).toBe(httpStatus);
      expect(reply.body).toEqual(frame);
      expect(reply.headers['Retry-After']).toBe(
        httpStatus === 503 ? String(RETRY_AFTER_SECONDS) : undefined,
      );

      return firstValueFrom(new GrpcErrorFilter().catch(error)).then(
        () => {
          throw new Error('the gRPC filter must answer with an error');
        },
        (answer: { code: number; details: string; metadata: Metadata }) => {
          expect(answer.code).toBe(grpcStatus);
          expect(answer.details).toBe(error.message);
          const [errors] = answer.metadata.get('field-errors');
          expect(errors === undefined ? undefined : JSON.parse(String(errors))).toEqual(
            frame.errors,
          );
        },
      );
    },
  );

  it('carries the field errors of an invalid reading', () => {
    expect(toErrorFrame(new InvalidReadingError('temperature', fieldErrors))?.errors).toBe(
      fieldErrors,
    );
  });

  it("maps Fastify's 413 for a body past the limit to too_large", () => {
    const { reply, host } = fakeReply();
    new HttpErrorFilter().catch(new PayloadTooLargeException(), host);
    expect(reply.statusCode).toBe(413);
    expect(reply.body).toEqual({
      status: 'error',
      error: 'too_large',
      message: 'a reading must not exceed 16384 bytes',
    });
  });

  it("maps Fastify's 415 for a body that is not JSON to unsupported_media_type", () => {
    const { reply, host } = fakeReply();
    new HttpErrorFilter().catch(new UnsupportedMediaTypeException(), host);
    expect(reply.statusCode).toBe(415);
    expect(reply.body).toEqual({
      status: 'error',
      error: 'unsupported_media_type',
      message: 'a reading must be sent as content-type application/json',
    });
  });

  it('answers an unexpected error over gRPC as INTERNAL without its text', async () => {
    const filter = new GrpcErrorFilter();
    jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);
    await expect(firstValueFrom(filter.catch(new Error('secret stack')))).rejects.toMatchObject({
      code: status.INTERNAL,
      details: expect.not.stringContaining('secret') as unknown,
    });
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
