// The service's one door to the shared domain library (enums, limits, errors, shapes).
export * from '../../../libs/domain/src/index.js';
