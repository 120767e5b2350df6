import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config.js';
import { Authenticator } from './access/authenticator.js';
import { createApp } from './create-app.js';
import { databaseProblem } from './database/database-reachable.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const problem = await databaseProblem(config.database);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(2);
  }
  const app = await createApp(config);
  await app.init();
  const refused = await app.get(Authenticator).startupProblem();
  if (refused) {
    process.stderr.write(`${refused}\n`);
    await app.close();
    process.exit(2);
  }
  await app.listen({ port: config.port, host: config.host });
  const where = config.database.kind === 'sqlite' ? config.database.path : 'PostgreSQL';
  // The port actually bound: PORT=0 asks the system for a free one.
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  new Logger('workflow-mcp').log(`Listening on http://${config.host}:${port} (data: ${where}); API docs at /api/docs`);
}

void main();
