export * from './vocabulary.js';
export * from './limits.js';
export * from './errors.js';
export * from './shapes.js';
export * from './incident-lifecycle.js';
export * from './deployment-lifecycle.js';
