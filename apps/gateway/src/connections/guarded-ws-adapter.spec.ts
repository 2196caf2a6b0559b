import { EventEmitter } from 'node:events';
import { GuardedWsAdapter } from './guarded-ws-adapter.js';
import type { UpgradeGuard } from './upgrade-guard.js';

describe('GuardedWsAdapter', () => {
  it("adds no listener of Nest's own to a socket's frames (HeartRateConnection reads them)", () => {
    const adapter = new GuardedWsAdapter(undefined as never, {} as UpgradeGuard, 60_000);
    const socket = Object.assign(new EventEmitter(), { readyState: 1 });
    const handler = { message: 'reading', callback: jest.fn() };
    adapter.bindMessageHandlers(socket, [handler], (data) => data);

    socket.emit('message', Buffer.from('{"event":"reading","data":{}}'), false);
    expect(socket.listenerCount('message')).toBe(0);
    expect(handler.callback).not.toHaveBeenCalled();
  });
});
