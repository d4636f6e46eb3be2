import crypto from 'node:crypto';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db';

// Prometheus metrics of a web node, for GET /metrics. Queue depths, job
// durations and results recorded are read from Redis and the database when
// scraped, so every web node reports the whole platform's figures (scrape one,
// or take max() across them); submit latency is this node's own.

export interface MetricsSources {
  db: () => Db;
  queues: () => Queue[];
}

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
/** completed jobs read per scrape at most: a scrape stays cheap after a long pause */
const MAX_JOBS_PER_SCRAPE = 2000;
const PAGE = 200;

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'convgrade_web_' });

  new Gauge({
    name: 'convgrade_queue_jobs',
    help: 'Jobs in each BullMQ queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    // The same figure in every web process of a node (read from Redis): a cluster scrape takes one, not the sum.
    aggregator: 'first',
    async collect() {
      this.reset();
      for (const q of sources.queues()) {
        const counts = await q.getJobCounts(...STATES);
        for (const state of STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
      }
    },
  });

  const durations = new Histogram({
    name: 'convgrade_job_duration_seconds',
    help: 'Time a worker spent on a job, from start to result (jobs completed since this node started)',
    labelNames: ['queue'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [registry],
    // Every web process observes every completed job: a cluster scrape takes one process's histogram.
    aggregator: 'first',
    async collect() {
      for (const q of sources.queues()) await observeCompleted(q);
    },
  });
  // Completed jobs are kept for days (producer's removeOnComplete): each
  // scrape observes those that finished since the previous one.
  const seenUntil = new Map<string, number>();
  const startedAt = Date.now();
  async function observeCompleted(q: Queue) {
    const since = seenUntil.get(q.name) ?? startedAt;
    let newest = since;
    for (let start = 0; start < MAX_JOBS_PER_SCRAPE; start += PAGE) {
      const jobs = await q.getJobs(['completed'], start, start + PAGE - 1, false); // newest first
      let older = false;
      for (const job of jobs) {
        if (!job?.finishedOn || job.finishedOn <= since) {
          older = true;
          continue;
        }
        newest = Math.max(newest, job.finishedOn);
        if (job.processedOn) durations.observe({ queue: q.name }, Math.max(0, job.finishedOn - job.processedOn) / 1000);
      }
      if (older || jobs.length < PAGE) break;
    }
    seenUntil.set(q.name, newest);
  }

  new Counter({
    name: 'convgrade_results_recorded_total',
    help: 'Grading results recorded in the database (one per submission and grading run)',
    labelNames: ['gradable'],
    registers: [registry],
    aggregator: 'first',
    async collect() {
      // The database is the source of truth: totals survive restarts and agree across nodes.
      const rows = await sources.db().result.groupBy({ by: ['gradable'], _count: { _all: true } });
      this.reset();
      for (const gradable of ['true', 'false']) this.inc({ gradable }, 0);
      for (const r of rows) this.inc({ gradable: String(r.gradable) }, r._count._all);
    },
  });

  const submitLatency = new Histogram({
    name: 'convgrade_submit_duration_seconds',
    help: 'Time to answer a submission request on this web node, by HTTP status',
    labelNames: ['status'],
    buckets: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });

  return {
    registry,
    /** records one submit request's duration */
    observeSubmit(seconds: number, status: number) {
      submitLatency.observe({ status: String(status) }, seconds);
    },
    async render(): Promise<string> {
      return registry.metrics();
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Whether a request carries the metrics token ("Authorization: Bearer <token>").
 * Both sides are hashed first, so the comparison takes the same time whatever
 * the lengths.
 */
export function hasMetricsToken(authorization: string | null, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(m[1]), digest(token));
}
