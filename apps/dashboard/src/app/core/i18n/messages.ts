import { ACCESS_MESSAGES } from '../../access/access.messages';
import { DEPLOYMENTS_MESSAGES } from '../../deployments/deployments.messages';
import { NOTIFICATIONS_MESSAGES } from '../../notifications/notifications.messages';
import { ENVIRONMENTS_MESSAGES } from '../../environments/environments.messages';
import { OPERATIONS_MESSAGES } from '../../operations/operations.messages';
import { COMMON_MESSAGES } from '../../shared/common.messages';
import { VOCABULARY_MESSAGES } from '../../shared/vocabulary.messages';
import { CORE_MESSAGES } from '../core.messages';
import { translator } from './language';

/**
 * The pages' words, kept beside each page area (`*.messages.ts`) and combined here into one
 * dictionary: pages share words (statuses, "Environment", the deployment names on the operations
 * page), so one translate function knows every key, and an unknown key stays a compile error.
 * Each area's Korean words must have every key of its English ones (the compiler checks there).
 */
const en = {
  ...CORE_MESSAGES.en,
  ...COMMON_MESSAGES.en,
  ...VOCABULARY_MESSAGES.en,
  ...OPERATIONS_MESSAGES.en,
  ...ENVIRONMENTS_MESSAGES.en,
  ...DEPLOYMENTS_MESSAGES.en,
  ...NOTIFICATIONS_MESSAGES.en,
  ...ACCESS_MESSAGES.en,
};

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  ...CORE_MESSAGES.ko,
  ...COMMON_MESSAGES.ko,
  ...VOCABULARY_MESSAGES.ko,
  ...OPERATIONS_MESSAGES.ko,
  ...ENVIRONMENTS_MESSAGES.ko,
  ...DEPLOYMENTS_MESSAGES.ko,
  ...NOTIFICATIONS_MESSAGES.ko,
  ...ACCESS_MESSAGES.ko,
};

export const MESSAGES = { en, ko };

/** Vocabulary groups whose values have a label under `group.value`. */
export type LabelGroup =
  | 'severity'
  | 'incidentStatus'
  | 'incidentType'
  | 'environmentType'
  | 'environmentStatus'
  | 'deploymentType'
  | 'deploymentStatus'
  | 'health'
  | 'source'
  | 'kind'
  | 'incidentSort'
  | 'deploymentSort'
  | 'role'
  | 'auditKind';

/** The pages' translate function, plus `label(group, value)` for the vocabulary. */
export function injectI18n() {
  const t = translator(MESSAGES);
  const label = (group: LabelGroup, value: string | null | undefined): string => {
    if (value === null || value === undefined) return '—';
    const key = `${group}.${value}` as MessageKey;
    const text = t(key);
    return text === key ? value : text;
  };
  return { t, label };
}
