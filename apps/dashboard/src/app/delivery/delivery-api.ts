import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DeliveryMetrics, DeliveryMetricsQuery } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';

/** GET /api/delivery-metrics; provided by the delivery page. */
@Injectable()
export class DeliveryApi {
  private readonly http = inject(HttpClient);

  metrics(query: DeliveryMetricsQuery): Promise<DeliveryMetrics> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params = params.set(key, String(value));
    return firstValueFrom(this.http.get<DeliveryMetrics>('/api/delivery-metrics', { params }));
  }
}
