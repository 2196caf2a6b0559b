import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error to the MQTT server as it is (Nest would turn it into a generic
 * `{status, message}` object): the server leaves the message unacknowledged and logs the error
 * unless the subscriber is shutting down.
 */
@Catch()
export class MqttErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
