import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  ChannelCreate,
  ChannelUpdate,
  DeliveryQuery,
  MaintenanceWindowCreate,
  MaintenanceWindowQuery,
  RuleCreate,
  RuleUpdate,
  recordId,
} from '../contracts.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { NotificationsService } from './notifications.service.js';

const channelId = () => recordId('Notification channel id (nch-…).');

/** Notification tools: the same service and contracts as /api/notifications and /api/maintenance-windows. */
@Injectable()
export class NotificationsTools implements McpToolProvider {
  constructor(
    private readonly notifications: NotificationsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'list_notification_channels',
        title: 'List notification channels',
        description: 'Channels messages go to (webhook, slack, teams, discord, email), with secrets left out.',
        toolset: 'notifications',
        input: {},
        annotations: READ_ONLY,
        handler: async () => {
          const { items } = await this.notifications.listChannels();
          return { data: { channels: items }, summary: `${items.length} channel(s)` };
        },
      }),
      defineTool({
        name: 'create_notification_channel',
        title: 'Create notification channel',
        description:
          'Add a channel. webhook/slack/teams/discord need url; email needs email {smtp_host, smtp_port, from, to}. A webhook channel gets a whsec_ signing secret, shown only in this reply.',
        toolset: 'notifications',
        role: 'admin',
        input: ChannelCreate.shape,
        annotations: WRITES,
        handler: async (args) => {
          const created = await this.notifications.createChannel(args);
          return { data: created, summary: `Created ${created.channel.id}: ${created.channel.name} (${created.channel.kind})` };
        },
      }),
      defineTool({
        name: 'update_notification_channel',
        title: 'Update notification channel',
        description: 'Change a channel (name, language, enabled, url, email); secrets not given are kept.',
        toolset: 'notifications',
        role: 'admin',
        input: { channel_id: channelId(), updates: ChannelUpdate.describe('The fields to change.') },
        annotations: WRITES,
        handler: async ({ channel_id, updates }) => {
          const channel = await this.notifications.updateChannel(channel_id, updates);
          return { data: channel, summary: `Updated ${channel.id}: ${channel.name}${channel.enabled ? '' : ' (disabled)'}` };
        },
      }),
      defineTool({
        name: 'delete_notification_channel',
        title: 'Delete notification channel',
        description: 'Delete a channel with its rules and delivery log.',
        toolset: 'notifications',
        role: 'admin',
        input: { channel_id: channelId() },
        annotations: DESTRUCTIVE,
        handler: async ({ channel_id }) => {
          await this.notifications.removeChannel(channel_id);
          return { data: { deleted: channel_id }, summary: `Deleted ${channel_id}` };
        },
      }),
      defineTool({
        name: 'rotate_notification_secret',
        title: 'Rotate webhook signing secret',
        description: 'Give a webhook channel a new whsec_ secret (shown only in this reply); the old one also signs for 24 hours.',
        toolset: 'notifications',
        role: 'admin',
        input: { channel_id: channelId() },
        annotations: WRITES,
        handler: async ({ channel_id }) => {
          const rotated = await this.notifications.rotateSecret(channel_id);
          return { data: rotated, summary: `New signing secret for ${rotated.channel.name} (${rotated.channel.secret_hint})` };
        },
      }),
      defineTool({
        name: 'send_test_notification',
        title: 'Send test notification',
        description: 'Send a test message to a channel and report the first attempt (status, HTTP code, latency, error).',
        toolset: 'notifications',
        input: { channel_id: channelId() },
        annotations: { ...WRITES, openWorldHint: true },
        handler: async ({ channel_id }) => {
          const delivery = await this.notifications.sendTest(channel_id);
          const how =
            delivery.status === 'delivered'
              ? `delivered in ${delivery.latency_ms} ms`
              : delivery.attempts === 0
                ? 'queued, not attempted yet'
                : `failed (${delivery.error ?? delivery.last_status_code}); ${delivery.status === 'dead' ? 'given up' : 'will retry'}`;
          return { data: delivery, summary: `Test ${delivery.id}: ${how}` };
        },
      }),
      defineTool({
        name: 'list_notification_rules',
        title: 'List notification rules',
        description: 'Which events go to which channel, filtered by environment, tag and incident severity.',
        toolset: 'notifications',
        input: {},
        annotations: READ_ONLY,
        handler: async () => {
          const { items } = await this.notifications.listRules();
          return { data: { rules: items }, summary: `${items.length} rule(s)` };
        },
      }),
      defineTool({
        name: 'create_notification_rule',
        title: 'Create notification rule',
        description:
          'Send events to a channel. events e.g. ["incident.opened","incident.resolved"]; optional min_severity, environments (ids or names), tags.',
        toolset: 'notifications',
        role: 'admin',
        input: RuleCreate.shape,
        annotations: WRITES,
        handler: async (args) => {
          const rule = await this.notifications.createRule(args);
          return { data: rule, summary: `Created ${rule.id}: ${rule.events.join(', ')} → ${rule.channel_id}` };
        },
      }),
      defineTool({
        name: 'update_notification_rule',
        title: 'Update notification rule',
        description: 'Change a rule (events, min_severity, environments, tags, enabled, channel_id); only the fields in `updates` change.',
        toolset: 'notifications',
        role: 'admin',
        input: { rule_id: recordId('Rule id (nrl-…).'), updates: RuleUpdate.describe('The fields to change.') },
        annotations: WRITES,
        handler: async ({ rule_id, updates }) => {
          const rule = await this.notifications.updateRule(rule_id, updates);
          return {
            data: rule,
            summary: `Updated ${rule.id}: ${rule.events.join(', ')} → ${rule.channel_id}${rule.enabled ? '' : ' (disabled)'}`,
          };
        },
      }),
      defineTool({
        name: 'delete_notification_rule',
        title: 'Delete notification rule',
        description: 'Delete a rule.',
        toolset: 'notifications',
        role: 'admin',
        input: { rule_id: recordId('Rule id (nrl-…).') },
        annotations: DESTRUCTIVE,
        handler: async ({ rule_id }) => {
          await this.notifications.removeRule(rule_id);
          return { data: { deleted: rule_id }, summary: `Deleted ${rule_id}` };
        },
      }),
      defineTool({
        name: 'list_maintenance_windows',
        title: 'List maintenance windows',
        description: 'Maintenance windows, optionally of one environment, with whether each is active now.',
        toolset: 'notifications',
        input: MaintenanceWindowQuery.shape,
        annotations: READ_ONLY,
        handler: async (args) => {
          const { items } = await this.notifications.listWindows(args);
          return { data: { windows: items }, summary: `${items.length} window(s), ${items.filter((w) => w.active).length} active now` };
        },
      }),
      defineTool({
        name: 'create_maintenance_window',
        title: 'Create maintenance window',
        description:
          'Silence an environment: while active, failing checks open no incident and nobody is notified. kind once: starts_at, ends_at; weekly: days, start_time (HH:MM UTC), duration_minutes.',
        toolset: 'notifications',
        role: 'admin',
        input: MaintenanceWindowCreate.shape,
        annotations: WRITES,
        handler: async (args) => {
          const window = await this.notifications.createWindow(args);
          return { data: window, summary: `Created ${window.id}${window.active ? ' (active now)' : ''}` };
        },
      }),
      defineTool({
        name: 'delete_maintenance_window',
        title: 'Delete maintenance window',
        description: 'End and delete a maintenance window.',
        toolset: 'notifications',
        role: 'admin',
        input: { window_id: recordId('Maintenance window id (mnt-…).') },
        annotations: DESTRUCTIVE,
        handler: async ({ window_id }) => {
          await this.notifications.removeWindow(window_id);
          return { data: { deleted: window_id }, summary: `Deleted ${window_id}` };
        },
      }),
      defineTool({
        name: 'list_notification_deliveries',
        title: 'List notification deliveries',
        description: 'The delivery log, newest first: status, attempts, last HTTP code, latency, error. Filter by channel_id, status.',
        toolset: 'notifications',
        input: DeliveryQuery.shape,
        output: z.looseObject({ deliveries: z.array(z.unknown()) }),
        annotations: READ_ONLY,
        handler: async (args) => pageReply('deliveries', 'delivery', await this.notifications.listDeliveries(args)),
      }),
    ];
  }
}
