// Bundles the compiled service (`dist/api/...`) into one file per entry point: start-up then reads a few files
// instead of resolving and compiling thousands of modules (cold start is measured by `npm run bench`).
import { build } from 'esbuild';

const external = [
  'better-sqlite3', // native addon
  'better-sqlite3-napi', // the same, for Node 22 and later (database/sqlite-driver.ts)
  'pg-native',
  // Optional integrations Nest and Fastify load only when asked; this service never asks.
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  '@fastify/multipart',
  '@fastify/view',
  // Nest's own validation pipe and serializer; requests are validated by the shared contracts instead.
  'class-validator',
  'class-transformer',
  // Loaded with require() at run time by @nestjs/typeorm; kept external so there is one copy.
  'typeorm',
];

for (const [entry, out] of [
  ['main', 'main'],
  ['mcp-stdio', 'mcp-stdio'],
  ['admin-cli', 'admin'],
  ['backup-cli', 'backup'],
]) {
  await build({
    entryPoints: [`dist/api/apps/api/src/${entry}.js`],
    outfile: `dist/api/${out}.bundle.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Class names appear in logs (`HealthCheckScheduler`); without this esbuild renames clashing ones (`HealthCheckScheduler2`).
    keepNames: true,
    external,
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
