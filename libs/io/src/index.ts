export { patchSocketToCoalesceWrites } from './patch-socket-to-coalesce-writes.js';
export { patchSocketToGatherWrites } from './patch-socket-to-gather-writes.js';
