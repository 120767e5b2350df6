import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  Channel,
  ChannelCreate,
  ChannelList,
  ChannelUpdate,
  ChannelWithSecret,
  Delivery,
  DeliveryPage,
  DeliveryQuery,
  MaintenanceWindow,
  MaintenanceWindowCreate,
  MaintenanceWindowList,
  Rule,
  RuleCreate,
  RuleList,
} from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';

const id = (value: string) => encodeURIComponent(value);

function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    result = result.set(key, String(value));
  }
  return result;
}

/** The notification routes, one method each; provided by the notifications page. */
@Injectable()
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  listChannels(): Promise<ChannelList> {
    return firstValueFrom(this.http.get<ChannelList>('/api/notifications/channels'));
  }
  createChannel(input: ChannelCreate): Promise<ChannelWithSecret> {
    return firstValueFrom(this.http.post<ChannelWithSecret>('/api/notifications/channels', input));
  }
  updateChannel(channelId: string, changes: ChannelUpdate): Promise<Channel> {
    return firstValueFrom(this.http.patch<Channel>(`/api/notifications/channels/${id(channelId)}`, changes));
  }
  deleteChannel(channelId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/notifications/channels/${id(channelId)}`));
  }
  rotateSecret(channelId: string): Promise<ChannelWithSecret> {
    return firstValueFrom(this.http.post<ChannelWithSecret>(`/api/notifications/channels/${id(channelId)}/rotate-secret`, {}));
  }
  sendTest(channelId: string): Promise<Delivery> {
    return firstValueFrom(this.http.post<Delivery>(`/api/notifications/channels/${id(channelId)}/test`, {}));
  }
  listRules(): Promise<RuleList> {
    return firstValueFrom(this.http.get<RuleList>('/api/notifications/rules'));
  }
  createRule(input: RuleCreate): Promise<Rule> {
    return firstValueFrom(this.http.post<Rule>('/api/notifications/rules', input));
  }
  deleteRule(ruleId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/notifications/rules/${id(ruleId)}`));
  }
  listWindows(): Promise<MaintenanceWindowList> {
    return firstValueFrom(this.http.get<MaintenanceWindowList>('/api/maintenance-windows'));
  }
  createWindow(input: MaintenanceWindowCreate): Promise<MaintenanceWindow> {
    return firstValueFrom(this.http.post<MaintenanceWindow>('/api/maintenance-windows', input));
  }
  deleteWindow(windowId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/maintenance-windows/${id(windowId)}`));
  }
  listDeliveries(query: DeliveryQuery = {}): Promise<DeliveryPage> {
    return firstValueFrom(this.http.get<DeliveryPage>('/api/notifications/deliveries', { params: params({ limit: 50, ...query }) }));
  }
}
