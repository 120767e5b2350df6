import { describe, expect, it } from '@jest/globals';
import { DELIVERY_EVENT_TYPES, NOTIFICATION_LANGUAGES } from '../domain.js';
import { chatPayload, emailContent, messageFor, type EventBody } from './notification-messages.js';

const body = (type: EventBody['type']): EventBody => ({
  type,
  timestamp: '2026-12-02T10:00:00.000Z',
  data: {
    url: 'https://ops.example.com/x',
    environment: { id: 'env-1', name: 'prod <web>', environment_type: 'production' },
    incident: { id: 'inc-1', title: 'DB down', severity: 'critical', status: 'resolved', previous_status: 'monitoring', tags: [] },
    deployment: { id: 'dep-1', title: 'API', version: 'v2', status: 'failed', failure_reason: 'timeout', tags: [] },
    health: { from: 'healthy', to: 'critical' },
    channel: { id: 'nch-1', name: 'ops' },
  },
});

describe('notification messages', () => {
  it('says every event in both languages, with the dashboard link', () => {
    for (const type of DELIVERY_EVENT_TYPES) {
      const titles = NOTIFICATION_LANGUAGES.map((lang) => messageFor(body(type), lang));
      for (const m of titles) {
        expect(m.title.length).toBeGreaterThan(5);
        expect(m.link.url).toBe('https://ops.example.com/x');
      }
      // The two languages really differ (no untranslated fallback).
      expect(titles[0]!.title).not.toBe(titles[1]!.title);
    }
    expect(messageFor(body('health.changed'), 'en').title).toBe('prod <web> health: healthy → critical');
    expect(messageFor(body('deployment.failed'), 'ko').lines).toContain('사유: timeout');
  });

  it("escapes HTML in mail and keeps chat titles within each service's limits", () => {
    const mail = emailContent(messageFor(body('incident.opened'), 'en'));
    expect(mail.html).toContain('prod &#60;web&#62;');
    expect(mail.html).not.toContain('<web>');
    expect(mail.text).toContain('Open in dashboard: https://ops.example.com/x');
    const long = { ...messageFor(body('incident.opened'), 'en'), title: 'x'.repeat(5_000) };
    const slack = chatPayload('slack', long) as { blocks: Array<{ type: string; text?: { text: string } }> };
    expect(slack.blocks[0]!.text!.text.length).toBeLessThanOrEqual(150);
    const discord = chatPayload('discord', long) as { content: string; embeds: Array<{ title: string }> };
    expect(discord.content.length).toBeLessThanOrEqual(2_000);
    expect(discord.embeds[0]!.title.length).toBeLessThanOrEqual(256);
  });
});
