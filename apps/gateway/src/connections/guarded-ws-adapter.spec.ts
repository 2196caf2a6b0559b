import type { WsAdapter } from '@nestjs/platform-ws';
import { EventEmitter } from 'node:events';
import { GuardedWsAdapter } from './guarded-ws-adapter.js';
import type { UpgradeGuard } from './upgrade-guard.js';

describe('GuardedWsAdapter', () => {
  it("adds no listener of Nest's own to a socket's frames (HeartRateConnection reads them)", () => {
    // called as Nest calls it, through the adapter's base class
    const adapter: WsAdapter = new GuardedWsAdapter(undefined as never, {} as UpgradeGuard, 60_000);
    const socket = Object.assign(new EventEmitter(), { readyState: 1 });
    const handler = { message: 'reading', callback: jest.fn() };
    adapter.bindMessageHandlers(socket, [handler as never], (data: unknown) => data as never);

    socket.emit('message', Buffer.from('{"event":"reading","data":{}}'), false);
    expect(socket.listenerCount('message')).toBe(0);
    expect(handler.callback).not.toHaveBeenCalled();
  });
});
