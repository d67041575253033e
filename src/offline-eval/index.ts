/**
 * Judging a policy without an environment: fitted Q evaluation and offline metrics.
 *
 * @module
 */
export { fqe, FQE_DEFAULTS, initialObservations } from './fqe';
export type { FQEOptions, FQEResult } from './fqe';
export type { PolicyFunction, EvaluationPolicy } from './policy-actions';
export { offlineMetrics, OFFLINE_METRICS_DISCOUNT } from './offline-metrics';
export type { OfflineMetrics, OfflineMetricsOptions, QFunction } from './offline-metrics';
