export * from './write-coalescer.js';
