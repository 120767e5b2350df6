import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { type EventLoopUtilization, type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { HostMetrics as HostMetricsShape } from '../domain.js';

export type HostMetricsReport = HostMetricsShape;

interface Sample {
  at: number;
  idle: number;
  total: number;
  process: NodeJS.CpuUsage;
  loop: EventLoopUtilization;
}

/** Readings closer together than this would be mostly noise: the first one waits until the window is this long. */
const MIN_WINDOW_MS = 200;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function sample(): Sample {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq;
  }
  return { at: performance.now(), idle, total, process: process.cpuUsage(), loop: performance.eventLoopUtilization() };
}

/**
 * Measures the service host: cpu of the machine and of this process and event-loop figures over the
 * window since the previous reading, memory now, and the disk holding the database.
 */
@Injectable()
export class HostMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private last: Sample = sample();
  private readonly diskPath: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.diskPath =
      config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? dirname(config.database.path) : process.cwd();
  }

  onModuleInit(): void {
    this.delay.enable();
    this.last = sample();
  }

  onModuleDestroy(): void {
    this.delay.disable();
  }

  async measure(): Promise<HostMetricsReport> {
    const waited = performance.now() - this.last.at;
    if (waited < MIN_WINDOW_MS) await new Promise((resolve) => setTimeout(resolve, MIN_WINDOW_MS - waited));
    const now = sample();
    const before = this.last;
    this.last = now;
    const elapsedMs = now.at - before.at;

    const cpu: HostMetricsReport['cpu'] = { cores: cpus().length, load_average_1m: round(loadavg()[0] ?? 0, 2) };
    const totalDelta = now.total - before.total;
    if (totalDelta > 0) cpu.host_usage_percent = round((1 - (now.idle - before.idle) / totalDelta) * 100);
    const processMicros = now.process.user - before.process.user + (now.process.system - before.process.system);
    // Percent of one core, as `top` shows a process.
    if (elapsedMs > 0) cpu.process_usage_percent = round((processMicros / 1000 / elapsedMs) * 100);

    const total = totalmem();
    const used = total - freemem();
    const usage = process.memoryUsage();
    const report: HostMetricsReport = {
      measured_at: new Date().toISOString(),
      window_seconds: round(elapsedMs / 1000, 2),
      cpu,
      memory: {
        host_total_bytes: total,
        host_used_bytes: used,
        host_used_percent: round((used / total) * 100),
        process_rss_bytes: usage.rss,
        process_heap_used_bytes: usage.heapUsed,
      },
      event_loop: { utilization_percent: round(performance.eventLoopUtilization(now.loop, before.loop).utilization * 100) },
    };
    if (this.delay.count > 0) {
      const ms = (ns: number) => round(ns / 1e6, 2);
      report.event_loop.delay_ms = {
        mean: ms(this.delay.mean),
        p50: ms(this.delay.percentile(50)),
        p99: ms(this.delay.percentile(99)),
        max: ms(this.delay.max),
      };
    }
    this.delay.reset();
    try {
      const fs = await statfs(this.diskPath);
      const totalBytes = fs.blocks * fs.bsize;
      const freeBytes = fs.bavail * fs.bsize;
      if (totalBytes > 0)
        report.disk = {
          path: this.diskPath,
          total_bytes: totalBytes,
          free_bytes: freeBytes,
          used_percent: round(((totalBytes - freeBytes) / totalBytes) * 100),
        };
    } catch {
      /* not measurable here (e.g. the folder is gone): left out, not guessed */
    }
    return report;
  }
}
