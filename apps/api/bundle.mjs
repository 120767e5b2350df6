// Bundles the compiled service (`dist/api/...`) into one file per entry point: start-up then reads a few files
// instead of resolving and compiling thousands of modules (cold start is measured by `npm run bench`).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
];

/**
 * TypeORM's driver factory loads every database driver it knows (MongoDB, Oracle, SAP HANA, Spanner, ...),
 * each with its query runner: about 1 MB of source that stays in memory for the process's life. The service
 * speaks SQLite (better-sqlite3) and PostgreSQL only, so the other drivers are left out of the bundle: asking
 * for one says so instead of loading it.
 */
const UNUSED_DRIVERS =
  /^\.\/(aurora-mysql|aurora-postgres|capacitor|cockroachdb|cordova|expo|mongodb|mysql|nativescript|oracle|react-native|sap|spanner|sqljs|sqlserver)\/(\w+Driver)$/;
const onlyOurDrivers = {
  name: 'only-our-drivers',
  setup(build) {
    build.onResolve({ filter: UNUSED_DRIVERS }, (args) =>
      /[\\/]typeorm[\\/]driver[\\/]DriverFactory\.js$/.test(args.importer) ? { path: args.path, namespace: 'unused-driver' } : undefined,
    );
    // @nestjs/typeorm looks up two classes TypeORM 1 no longer has through a require() of its own, which would
    // load a second, unbundled TypeORM at run time only to find them missing.
    build.onLoad({ filter: /[\\/]@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const version = JSON.parse(readFileSync('node_modules/typeorm/package.json', 'utf8')).version;
      if (!/^[1-9]/.test(version) || !source.includes("resolveTypeormExport('AbstractRepository')"))
        throw new Error(`${args.path}: update the bundle's stand-in for it (TypeORM ${version})`);
      return { contents: 'export const Connection = undefined;\nexport const AbstractRepository = undefined;\n', loader: 'js' };
    });
    build.onLoad({ filter: /.*/, namespace: 'unused-driver' }, (args) => {
      const [, type, name] = UNUSED_DRIVERS.exec(args.path);
      const message = `the ${type} database is not supported: use SQLite (DATABASE_PATH) or PostgreSQL (DATABASE_URL)`;
      return {
        contents: `exports.${name} = class ${name} { constructor() { throw new Error(${JSON.stringify(message)}); } };`,
        loader: 'js',
      };
    });
  },
};

/**
 * What health checks need on the service's own thread (health/checks/checks-here.ts) is a file of its own,
 * loaded on the first such check: with check threads (the default) the service never parses it.
 */
const checksHereApart = {
  name: 'checks-here-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/checks\/checks-here\.js$/ }, (args) =>
      /[\\/]health[\\/]health-checker\.js$/.test(args.importer) ? { path: './health-checks-here.bundle.mjs', external: true } : undefined,
    );
  },
};

/**
 * The validation library's messages come in some 60 languages, about 300 kB of source parsed at every start;
 * the service answers in English (its error bodies are English throughout), so only English is bundled.
 */
const englishMessagesOnly = {
  name: 'english-messages-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!readFileSync(args.path, 'utf8').includes('export { default as en } from "./en.js";'))
        throw new Error(`${args.path}: update the bundle's stand-in for it (English only)`);
      return { contents: 'export { default as en } from "./en.js";\n', loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Libraries a dependency loads at start for a feature this service does not use, replaced by a stand-in that
 * says so if it is ever called: each is source parsed at every start and kept in memory for the process's life.
 */
const STAND_INS = [
  {
    // @nestjs/schedule's cron jobs (with a date library, about 145 kB): the service schedules with @Interval only.
    name: 'cron',
    importer: /[\\/]@nestjs[\\/]schedule[\\/]/,
    contents: `export class CronJob { static from() { throw new Error('cron jobs are left out of the bundle (apps/api/bundle.mjs): schedule with @Interval'); } }`,
  },
  {
    // @fastify/static lists the folder with it only for `wildcard: false`; the dashboard's files are served by one route.
    name: 'glob',
    importer: /[\\/]@fastify[\\/]static[\\/]/,
    contents: `exports.glob = async () => { throw new Error('glob is left out of the bundle (apps/api/bundle.mjs): serve files without wildcard: false'); };`,
  },
  {
    // TypeORM formats SQL with it only for its formatted console logger and its migration generator, neither used here.
    name: '@sqltools/formatter',
    importer: /[\\/]typeorm[\\/]/,
    contents: `exports.format = () => { throw new Error('the SQL formatter is left out of the bundle (apps/api/bundle.mjs)'); };`,
  },
];
const standIns = {
  name: 'stand-ins',
  setup(build) {
    for (const standIn of STAND_INS) {
      const filter = new RegExp(`^${standIn.name.replace(/[/@]/g, '\\$&')}$`);
      build.onResolve({ filter }, (args) =>
        standIn.importer.test(args.importer) ? { path: standIn.name, namespace: 'stand-in' } : undefined,
      );
    }
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({
      contents: STAND_INS.find((standIn) => standIn.name === args.path).contents,
      loader: 'js',
    }));
  },
};

for (const [entry, out] of [
  ['main', 'main'],
  ['mcp-stdio', 'mcp-stdio'],
  ['admin-cli', 'admin'],
  ['backup-cli', 'backup'],
  // The thread health checks run in (health/health-checker.ts finds it beside the bundle that starts it).
  ['health/checks/check-worker', 'health-check-worker'],
  ['health/checks/checks-here', 'health-checks-here'],
]) {
  await build({
    entryPoints: [`dist/api/apps/api/src/${entry}.js`],
    // The mail client is imported on first use only (notifications/notification-senders.ts), but in the bundle its
    // 300 kB of source would still be parsed at every start. The same for the YAML parser (a YAML CONFIG_FILE)
    // and the terminal log format (LOG_FORMAT=pretty).
    external: [...external, 'nodemailer', 'yaml', 'pino-pretty'],
    outfile: `dist/api/${out}.bundle.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Class names appear in logs (`HealthCheckScheduler`); without this esbuild renames clashing ones (`HealthCheckScheduler2`).
    keepNames: true,
    // The source stays in memory for the process's life and is parsed at every start: without whitespace it
    // is about half the size, and in ASCII (other characters escaped) V8 keeps it at one byte per character
    // instead of two. Identifiers are kept, so stack traces still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    plugins: [onlyOurDrivers, checksHereApart, englishMessagesOnly, standIns],
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  keepNamesCheaply(`dist/api/${out}.bundle.mjs`);
}

/**
 * keepNames names every function esbuild might rename, also the closures a library makes per call
 * (Fastify's hook iterators, Nest's per-request helpers): a defineProperty each, about 4% of a small
 * request's CPU. The names that matter are classes' (log contexts, Nest's providers, migrations);
 * stack traces name functions by their source either way. esbuild names every class in a static
 * block (`static{__name(this,"X")}`), so those sites get a helper that names; every other site gets
 * one that returns the function as it is. (Telling a class from a function at run time meant reading
 * its `prototype`, which V8 then allocates for every closure: 4.8% of a get's CPU.)
 */
function keepNamesCheaply(file) {
  const helper = 'var __name=(target,value)=>__defProp(target,"name",{value,configurable:!0})';
  const classSite = 'static{__name(this,';
  const source = readFileSync(file, 'utf8');
  if (!source.includes(helper)) throw new Error(`${file}: esbuild's __name helper has changed; update keepNamesCheaply`);
  if (source.split('__name(this,').length !== source.split(classSite).length)
    throw new Error(`${file}: esbuild names a class outside a static block; update keepNamesCheaply`);
  writeFileSync(
    file,
    source
      .replace(
        helper,
        'var __name=target=>target,__nameClass=(target,value)=>target.name===value?target:__defProp(target,"name",{value,configurable:!0})',
      )
      .replaceAll(classSite, 'static{__nameClass(this,'),
  );
}
