import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentEntity } from './environment.entity.js';
import { EnvironmentReferences } from './environment-references.js';
import { EnvironmentsController } from './environments.controller.js';
import { EnvironmentsService } from './environments.service.js';
import { EnvironmentsTools } from './environments.tools.js';

@Module({
  imports: [TypeOrmModule.forFeature([EnvironmentEntity])],
  controllers: [EnvironmentsController],
  providers: [EnvironmentsService, EnvironmentReferences, EnvironmentsTools],
  exports: [EnvironmentsService, EnvironmentReferences],
})
export class EnvironmentsModule {}
