import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** The metrics registry every feature adds its metrics to. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
