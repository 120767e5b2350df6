import { LIMITS } from '../domain.js';

const PATH_OR_URL = /^(\/[^\s]*|https?:\/\/[^\s/?#]+[^\s]*)$/i;

/**
 * What is wrong with a deployment_config, one message per problem; empty when it is fine.
 * Only the keys the product understands are checked: pipelines keep their own keys here too.
 */
export function deploymentConfigProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['deployment_config must be a JSON object, e.g. {"instances": 3, "rollout_percentage": 25}'];
  }
  const config = value as Record<string, unknown>;
  const problems: string[] = [];
  if ('instances' in config && !(Number.isSafeInteger(config.instances) && (config.instances as number) >= 1)) {
    problems.push('deployment_config.instances must be a whole number of at least 1');
  }
  const rollout = config.rollout_percentage;
  if ('rollout_percentage' in config && !(typeof rollout === 'number' && Number.isFinite(rollout) && rollout >= 0 && rollout <= 100)) {
    problems.push('deployment_config.rollout_percentage must be a number from 0 to 100');
  }
  const healthCheck = config.health_check_url;
  if (
    'health_check_url' in config &&
    !(typeof healthCheck === 'string' && healthCheck.length <= LIMITS.urlMax && PATH_OR_URL.test(healthCheck))
  ) {
    problems.push('deployment_config.health_check_url must be a path starting with / or an absolute http(s) URL');
  }
  if (Buffer.byteLength(JSON.stringify(config), 'utf8') > LIMITS.deploymentConfigMaxBytes) {
    problems.push(`deployment_config must be at most ${LIMITS.deploymentConfigMaxBytes} bytes as JSON`);
  }
  return problems;
}
