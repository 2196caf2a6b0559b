export * from './broker-access.js';
export * from './broker-access.config.js';
export * from './generated.js';
export * from './write-files.js';
