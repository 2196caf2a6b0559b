export * from './patch-socket-to-coalesce-writes.js';
