import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { dataSourceOptions } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

/** The database connection (migrated on start), the write queue and the clock, for every feature. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: DatabaseModule,
      // Each feature registers its own entities (TypeOrmModule.forFeature); they are collected here.
      imports: [TypeOrmModule.forRootAsync({ useFactory: () => ({ ...dataSourceOptions(config.database), autoLoadEntities: true }) })],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, UnitOfWork],
      exports: [APP_CONFIG, Clock, UnitOfWork],
    };
  }
}
