import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { Requires } from '../common/requires.decorator.js';
import { DeliveryMetrics, DeliveryMetricsQuery } from '../contracts.js';
import { DeliveryMetricsService } from './delivery-metrics.service.js';

@ApiTags('delivery-metrics')
@Controller('delivery-metrics')
export class DeliveryMetricsController {
  constructor(private readonly metrics: DeliveryMetricsService) {}

  @Get()
  @Requires('viewer')
  @ApiOperation({
    operationId: 'getDeliveryMetrics',
    summary: 'DORA delivery metrics',
    description:
      'Deployment frequency, lead time for changes, change failure rate and time to restore over the last `days` days (of one environment or all), each with its DORA band and the counts behind it, plus a day or week series of deployment outcomes and incidents by severity.',
  })
  @Returns(DeliveryMetrics)
  @ApiErrors(400)
  get(@QueryOf(DeliveryMetricsQuery) query: DeliveryMetricsQuery): Promise<DeliveryMetrics> {
    return this.metrics.metrics(query);
  }
}
