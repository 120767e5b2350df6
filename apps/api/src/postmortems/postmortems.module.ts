import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FollowUpEntity, PostmortemEntity } from './postmortem.entities.js';
import { FollowUpsController, IncidentPostmortemController } from './postmortems.controller.js';
import { PostmortemsService } from './postmortems.service.js';
import { PostmortemsTools } from './postmortems.tools.js';

@Module({
  imports: [TypeOrmModule.forFeature([PostmortemEntity, FollowUpEntity])],
  controllers: [IncidentPostmortemController, FollowUpsController],
  providers: [PostmortemsService, PostmortemsTools],
})
export class PostmortemsModule {}
