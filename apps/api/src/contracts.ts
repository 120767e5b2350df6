// The service's door to the shared shapes with their validation.
export * from '../../../libs/domain/src/contracts.js';
