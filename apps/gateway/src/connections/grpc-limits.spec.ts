import { Server, ServerCredentials } from '@grpc/grpc-js';
import { connect, type ClientHttp2Session } from 'node:http2';
import { capGrpcConnections, grpcServerOptions } from './grpc-limits.js';
import { GatewayConfig } from '../config/gateway.config.js';

/**
 * The cap reaches into grpc-js (a private field, @grpc/grpc-js pinned): these run a real grpc-js
 * server, so an upgrade that moves or changes it fails here, not silently in production.
 */
describe('gRPC connection limits on a real grpc-js server', () => {
  let server: Server;
  let port: number;
  const sessions: ClientHttp2Session[] = [];

  async function start(options = {}): Promise<void> {
    server = new Server(options);
    port = await new Promise((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
  }

  afterEach(() => {
    sessions.forEach((session) => session.destroy());
    sessions.length = 0;
    server.forceShutdown();
  });

  /** An HTTP/2 connection, as a gRPC channel opens it: 'settings' once the server spoke, or 'closed'. */
  function open(): { session: ClientHttp2Session; outcome: Promise<'settings' | 'closed'> } {
    const session = connect(`http://127.0.0.1:${port}`);
    sessions.push(session);
    session.on('error', () => undefined);
    const outcome = new Promise<'settings' | 'closed'>((resolve) => {
      session.once('remoteSettings', () => resolve('settings'));
      session.once('close', () => resolve('closed'));
    });
    return { session, outcome };
  }

  it('closes a connection past the cap at once, and takes one again once one ends', async () => {
    await start();
    capGrpcConnections(server, 2);
    const first = open();
    const second = open();
    expect(await first.outcome).toBe('settings');
    expect(await second.outcome).toBe('settings');
    expect(await open().outcome).toBe('closed');

    first.session.destroy();
    await new Promise((resolve) => first.session.once('close', resolve));
    // the server counts the connection closed once its side has seen the end
    let again: 'settings' | 'closed' = 'closed';
    for (let i = 0; i < 50 && again === 'closed'; i++) again = await open().outcome;
    expect(again).toBe('settings');
  });

  it('throws rather than leave the port without its cap when it finds no listening server', () => {
    const unbound = new Server();
    expect(() => capGrpcConnections(unbound, 2)).toThrow('no longer keeps its listening servers');
    server = unbound;
  });

  it('closes a connection that makes no call for GRPC_IDLE_TIMEOUT_MS', async () => {
    const config = Object.assign(new GatewayConfig(), { GRPC_IDLE_TIMEOUT_MS: 1000 });
    await start(grpcServerOptions(config));
    const { session, outcome } = open();
    expect(await outcome).toBe('settings');
    const started = Date.now();
    const goaway = new Promise((resolve) => session.once('goaway', resolve));
    await new Promise((resolve) => session.once('close', resolve));
    await goaway;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
