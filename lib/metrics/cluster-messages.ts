// Messages between the web processes and the cluster primary
// (scripts/web-server.ts) for a /metrics scrape when WEB_PROCESSES > 1: the
// process that got the scrape asks the primary, which collects every
// process's figures and answers with them merged.
export const METRICS_REQUEST = 'convgrade:metrics-request';
export const METRICS_RESPONSE = 'convgrade:metrics-response';
export const METRICS_COLLECT = 'convgrade:metrics-collect';
export const METRICS_COLLECTED = 'convgrade:metrics-collected';

export type MetricsMessage =
  | { type: typeof METRICS_REQUEST; id: number }
  | { type: typeof METRICS_RESPONSE; id: number; text?: string; error?: string }
  | { type: typeof METRICS_COLLECT; id: number }
  /** `metrics`: prom-client's getMetricsAsJSON() of the process, empty before its first use */
  | { type: typeof METRICS_COLLECTED; id: number; metrics?: unknown[]; error?: string };

/** Where a web process keeps its metrics (lib/metrics/app-metrics.ts), for the worker side of scripts/web-server.ts. */
export const METRICS_GLOBAL = '__convgradeMetrics' as const;
