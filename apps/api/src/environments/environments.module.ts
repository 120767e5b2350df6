import { Module } from '@nestjs/common';
import { EnvironmentsController } from './environments.controller.js';
import { EnvironmentsService } from './environments.service.js';
import { EnvironmentsTools } from './environments.tools.js';

@Module({
  controllers: [EnvironmentsController],
  providers: [EnvironmentsService, EnvironmentsTools],
  exports: [EnvironmentsService, EnvironmentsTools],
})
export class EnvironmentsModule {}
