import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { dataSourceOptions } from './data-source-options.js';
import { openDatabase } from './open-database.js';
import { KeptReads } from './kept-reads.js';
import { SqliteStatistics } from './sqlite-statistics.js';
import { UnitOfWork } from './unit-of-work.js';

/** The database connection (migrated on start), the write queue, kept reads and the clock, for every feature. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: DatabaseModule,
      // Each feature registers its own entities (TypeOrmModule.forFeature); they are collected here.
      imports: [
        TypeOrmModule.forRootAsync({
          // Start-up checked that the database answers (databaseProblem): a failure here is not retried.
          useFactory: () => ({ ...dataSourceOptions(config.database), autoLoadEntities: true, retryAttempts: 0, toRetry: () => false }),
          dataSourceFactory: async (options) => openDatabase(options!),
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, UnitOfWork, KeptReads, SqliteStatistics],
      exports: [APP_CONFIG, Clock, UnitOfWork, KeptReads],
    };
  }
}
