import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Requires } from '../common/requires.decorator.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, QueryOf, Returns } from '../common/contract/contract.decorators.js';
import {
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
  MaintenanceWindowQuery,
  Rule,
  RuleCreate,
  RuleList,
  RuleUpdate,
  type Page,
} from '../contracts.js';
import { NotificationsService } from './notifications.service.js';

const ID = ApiParam({ name: 'id' });

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('channels')
  @ApiOperation({
    operationId: 'listNotificationChannels',
    summary: 'List notification channels',
    description: 'Secrets are never shown: URLs as their host, signing secrets as a hint.',
  })
  @Returns(ChannelList)
  @ApiErrors()
  listChannels(): Promise<ChannelList> {
    return this.notifications.listChannels();
  }

  @Post('channels')
  @Requires('admin')
  @ApiOperation({
    operationId: 'createNotificationChannel',
    summary: 'Add a notification channel',
    description: 'Webhook channels get a whsec_ signing secret, returned only in this answer.',
  })
  @Returns(ChannelWithSecret, 201)
  @ApiErrors(400, 409)
  createChannel(@BodyOf(ChannelCreate) dto: ChannelCreate): Promise<ChannelWithSecret> {
    return this.notifications.createChannel(dto);
  }

  @Get('channels/:id')
  @ID
  @ApiOperation({ operationId: 'getNotificationChannel', summary: 'Get a notification channel' })
  @Returns(Channel)
  @ApiErrors(404)
  getChannel(@Param('id') id: string): Promise<Channel> {
    return this.notifications.getChannel(id);
  }

  @Patch('channels/:id')
  @ID
  @Requires('admin')
  @ApiOperation({
    operationId: 'updateNotificationChannel',
    summary: 'Change a notification channel',
    description: 'Only the fields given change; secrets not given are kept.',
  })
  @Returns(Channel)
  @ApiErrors(400, 404, 409)
  updateChannel(@Param('id') id: string, @BodyOf(ChannelUpdate) dto: ChannelUpdate): Promise<Channel> {
    return this.notifications.updateChannel(id, dto);
  }

  @Delete('channels/:id')
  @ID
  @Requires('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteNotificationChannel', summary: 'Delete a notification channel, its rules and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  removeChannel(@Param('id') id: string): Promise<void> {
    return this.notifications.removeChannel(id);
  }

  @Post('channels/:id/rotate-secret')
  @ID
  @Requires('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateNotificationSecret',
    summary: 'Replace the signing secret of a webhook channel',
    description: 'The new secret is returned only here. For 24 hours messages carry signatures with both, so receivers can switch over.',
  })
  @Returns(ChannelWithSecret)
  @ApiErrors(400, 404)
  rotateSecret(@Param('id') id: string): Promise<ChannelWithSecret> {
    return this.notifications.rotateSecret(id);
  }

  @Post('channels/:id/test')
  @ID
  @HttpCode(200)
  @ApiOperation({
    operationId: 'sendTestNotification',
    summary: 'Send a test message',
    description: 'Queues a test message to the channel and waits briefly for the first attempt; the delivery shows how it went.',
  })
  @Returns(Delivery)
  @ApiErrors(404)
  sendTest(@Param('id') id: string): Promise<Delivery> {
    return this.notifications.sendTest(id);
  }

  @Get('rules')
  @ApiOperation({ operationId: 'listNotificationRules', summary: 'List notification rules' })
  @Returns(RuleList)
  @ApiErrors()
  listRules(): Promise<RuleList> {
    return this.notifications.listRules();
  }

  @Post('rules')
  @Requires('admin')
  @ApiOperation({
    operationId: 'createNotificationRule',
    summary: 'Add a rule: which events go to which channel',
    description: 'Filter by environment, tag and incident severity.',
  })
  @Returns(Rule, 201)
  @ApiErrors(400)
  createRule(@BodyOf(RuleCreate) dto: RuleCreate): Promise<Rule> {
    return this.notifications.createRule(dto);
  }

  @Patch('rules/:id')
  @ID
  @Requires('admin')
  @ApiOperation({ operationId: 'updateNotificationRule', summary: 'Change a notification rule' })
  @Returns(Rule)
  @ApiErrors(400, 404)
  updateRule(@Param('id') id: string, @BodyOf(RuleUpdate) dto: RuleUpdate): Promise<Rule> {
    return this.notifications.updateRule(id, dto);
  }

  @Delete('rules/:id')
  @ID
  @Requires('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteNotificationRule', summary: 'Delete a notification rule' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  removeRule(@Param('id') id: string): Promise<void> {
    return this.notifications.removeRule(id);
  }

  @Get('deliveries')
  @ApiOperation({
    operationId: 'listNotificationDeliveries',
    summary: 'The delivery log',
    description: 'Newest first; filter by channel and status. Each delivery lists its attempts.',
  })
  @Returns(DeliveryPage)
  @ApiErrors(400)
  listDeliveries(@QueryOf(DeliveryQuery) query: DeliveryQuery): Promise<Page<Delivery>> {
    return this.notifications.listDeliveries(query);
  }

  @Get('deliveries/:id')
  @ID
  @ApiOperation({ operationId: 'getNotificationDelivery', summary: 'Get a delivery with its attempts' })
  @Returns(Delivery)
  @ApiErrors(404)
  getDelivery(@Param('id') id: string): Promise<Delivery> {
    return this.notifications.getDelivery(id);
  }
}

@ApiTags('notifications')
@Controller('maintenance-windows')
export class MaintenanceWindowsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listMaintenanceWindows',
    summary: 'List maintenance windows',
    description: 'While a window is active, failing checks of its environment open no incident and nobody is notified.',
  })
  @Returns(MaintenanceWindowList)
  @ApiErrors(400)
  list(@QueryOf(MaintenanceWindowQuery) query: MaintenanceWindowQuery): Promise<MaintenanceWindowList> {
    return this.notifications.listWindows(query);
  }

  @Post()
  @Requires('admin')
  @ApiOperation({
    operationId: 'createMaintenanceWindow',
    summary: 'Add a maintenance window',
    description: 'One-off (starts_at, ends_at) or weekly (days, start_time UTC, duration_minutes).',
  })
  @Returns(MaintenanceWindow, 201)
  @ApiErrors(400)
  create(@BodyOf(MaintenanceWindowCreate) dto: MaintenanceWindowCreate): Promise<MaintenanceWindow> {
    return this.notifications.createWindow(dto);
  }

  @Delete(':id')
  @ID
  @Requires('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteMaintenanceWindow', summary: 'Delete a maintenance window' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404)
  remove(@Param('id') id: string): Promise<void> {
    return this.notifications.removeWindow(id);
  }
}
