import { Module } from '@nestjs/common';
import { DeliveryMetricsController } from './delivery-metrics.controller.js';
import { DeliveryMetricsService } from './delivery-metrics.service.js';
import { DeliveryMetricsTools } from './delivery-metrics.tools.js';

/** Owns no tables: it reads deployments and incidents through its ports (bound in FeatureWiringModule). */
@Module({
  controllers: [DeliveryMetricsController],
  providers: [DeliveryMetricsService, DeliveryMetricsTools],
})
export class DeliveryMetricsModule {}
