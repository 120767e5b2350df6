export * from './vocabulary.js';
export * from './health-check-kinds.js';
export * from './limits.js';
export * from './errors.js';
export * from './incident-lifecycle.js';
export * from './deployment-lifecycle.js';
export * from './instants.js';
export * from './notifications.vocabulary.js';
// Types only: their schemas (and the validator) stay out of the dashboard's bundle.
export type * from './common.contract.js';
export type * from './incidents.contract.js';
export type * from './environments.contract.js';
export type * from './deployments.contract.js';
export type * from './health.contract.js';
export type * from './access.contract.js';
export type * from './notifications.contract.js';
export type * from './postmortems.contract.js';
export type * from './status-page.contract.js';
export type * from './delivery-metrics.contract.js';
