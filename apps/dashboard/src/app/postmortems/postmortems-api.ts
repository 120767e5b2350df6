import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FollowUpPage, FollowUpQuery, Postmortem, PostmortemDraft, PostmortemSave } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';

const id = (value: string) => encodeURIComponent(value);

/** The postmortem routes, one method each; provided by the postmortem pages. */
@Injectable()
export class PostmortemsApi {
  private readonly http = inject(HttpClient);

  draft(incidentId: string): Promise<PostmortemDraft> {
    return firstValueFrom(this.http.get<PostmortemDraft>(`/api/incidents/${id(incidentId)}/postmortem/draft`));
  }
  get(incidentId: string): Promise<Postmortem> {
    return firstValueFrom(this.http.get<Postmortem>(`/api/incidents/${id(incidentId)}/postmortem`));
  }
  save(incidentId: string, body: PostmortemSave): Promise<Postmortem> {
    return firstValueFrom(this.http.put<Postmortem>(`/api/incidents/${id(incidentId)}/postmortem`, body));
  }
  markdown(incidentId: string): Promise<string> {
    return firstValueFrom(this.http.get(`/api/incidents/${id(incidentId)}/postmortem.md`, { responseType: 'text' }));
  }
  followUps(query: FollowUpQuery): Promise<FollowUpPage> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params = params.set(key, String(value));
    return firstValueFrom(this.http.get<FollowUpPage>('/api/postmortems/follow-ups', { params }));
  }
}
