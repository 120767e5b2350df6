/**
 * What health checks need when they run on the service's own thread (HEALTH_CHECK_THREADS=0): loaded
 * on the first such check only, and built into a file of its own (apps/api/bundle.mjs), so the
 * service's bundle does not carry the HTTP client and the check code that its check threads run.
 */
export { Agent } from 'undici';
export { performCheck } from './perform-check.js';
