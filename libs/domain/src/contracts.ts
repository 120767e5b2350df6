// The shapes with their validation (zod). For the service only: the dashboard takes the types
// from './index.js', so no validator code reaches the browser bundle.
export * from './contract/fields.js';
export * from './contract/messages.js';
export * from './contract/parse.js';
export * from './common.contract.js';
export * from './incidents.contract.js';
export * from './environments.contract.js';
export * from './deployments.contract.js';
export * from './health.contract.js';
export * from './access.contract.js';
export * from './notifications.contract.js';
export * from './delivery-metrics.contract.js';
export * from './status-page.contract.js';
export * from './postmortems.contract.js';
