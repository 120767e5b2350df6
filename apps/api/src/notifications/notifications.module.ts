import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelEntity, DeliveryEntity, MaintenanceWindowEntity, RuleEntity } from './notification.entities.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { MaintenanceWindowsController, NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { NotificationsTools } from './notifications.tools.js';

@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity, RuleEntity, MaintenanceWindowEntity, DeliveryEntity])],
  controllers: [NotificationsController, MaintenanceWindowsController],
  providers: [NotificationsService, NotificationDispatcher, NotificationsTools],
  exports: [NotificationsService],
})
export class NotificationsModule {}
