/** Field limits shared by every interface. A value outside them is refused, never truncated. */
export const LIMITS = {
  titleMax: 200,
  nameMax: 100,
  textMax: 10_000,
  shortTextMax: 200,
  urlMax: 2_048,
  versionMax: 100,
  tagMax: 50,
  tagsMax: 20,
  serviceMax: 100,
  servicesMax: 50,
  actorMax: 100,
  usernameMax: 64,
  displayNameMax: 100,
  tokenNameMax: 64,
  passwordMin: 12,
  passwordMax: 256,
  searchMax: 200,
  deploymentConfigMaxBytes: 16_384,
  listLimitDefault: 50,
  listLimitMax: 200,
  /** Lists count matches up to this many: a page never counts a whole large table. */
  listTotalMax: 1_000,
  timelineMax: 1_000,
  healthCheckTimeoutMsMin: 100,
  healthCheckTimeoutMsMax: 60_000,
  healthCheckTimeoutMsDefault: 5_000,
  healthCheckIntervalSecondsMin: 5,
  healthCheckIntervalSecondsMax: 86_400,
  healthCheckIntervalSecondsDefault: 30,
  healthCheckSlowMsDefault: 1_000,
  /** Consecutive critical checks that open an incident automatically. */
  criticalThresholdMin: 1,
  criticalThresholdMax: 100,
  criticalThresholdDefault: 3,
  /** Reported environment metrics: cpu/memory/disk are percentages, network latency milliseconds. */
  metricPercentMax: 100,
  networkLatencyMsMax: 600_000,
  expectedStatusMin: 100,
  expectedStatusMax: 599,
  expectedStatusDefault: 200,
  statsWindowDaysDefault: 30,
  statsWindowDaysMax: 3_650,
} as const;

/** Environment names are what people type in place of ids: keep them plain. */
export const ENVIRONMENT_NAME_PATTERN = /^[^\s/?#][^/?#]*$/u;
