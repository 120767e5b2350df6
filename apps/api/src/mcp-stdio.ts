import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { AppModule } from './app.module.js';
import { ConfigError, LOG_LEVELS, loadConfig } from './config/app-config.js';
import { databaseProblem } from './database/database-reachable.js';
import { McpServerFactory } from './mcp/mcp-server.factory.js';
import { StderrLogger } from './mcp/stderr-logger.js';

/**
 * MCP over stdio for Claude Code and other local clients: the same modules as the HTTP
 * service on the same database, without opening a port. Only protocol goes to stdout.
 */
async function main(): Promise<void> {
  let config;
  try {
    // Scheduled health checks belong to the long-running HTTP service: every MCP client session
    // starts its own stdio server, and each would otherwise check every environment again.
    // HEALTH_CHECKS_ENABLED=true turns them on here (e.g. when no HTTP service runs).
    config = loadConfig({ HEALTH_CHECKS_ENABLED: 'false', NOTIFICATIONS_DELIVERY_ENABLED: 'false', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Quieter by default: an MCP client shows stderr to people only when something is wrong.
  const level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  const logger = new StderrLogger();
  logger.setLogLevels(LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1));
  const problem = await databaseProblem(config.database);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(2);
  }
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger });
  const server = context.get(McpServerFactory).create();
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await context.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.on('end', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  await server.connect(transport);
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-mcp stdio server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
