// `npm start`: builds what is missing or older than its sources, then runs the service in this process.
// A restart with nothing changed starts the built service at once; `npm start -- --rebuild` (or
// `npm run build`) builds everything again.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under each path (files and folders, skipping test files). */
export function newestChange(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else if (!/\.spec\.ts$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of paths) visit(resolve(root, path));
  return newest;
}

/** Each part of the build: the file it produces and what it is made from. */
export const PARTS = [
  {
    script: 'build:api',
    output: 'dist/api/main.bundle.mjs',
    sources: [
      'apps/api/src',
      'apps/api/bundle.mjs',
      'apps/api/tsconfig.app.json',
      'libs/domain/src',
      'tsconfig.base.json',
      'package-lock.json',
    ],
  },
  {
    script: 'build:dashboard',
    output: 'dist/dashboard/browser/index.html',
    sources: ['apps/dashboard', 'libs/domain/src', 'angular.json', 'tsconfig.base.json', 'package-lock.json'],
  },
];

/** The parts whose output is missing or older than one of its sources. */
export function staleParts(force = false) {
  return PARTS.filter((part) => {
    const output = resolve(root, part.output);
    return force || !existsSync(output) || newestChange(part.sources) > statSync(output).mtimeMs;
  });
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const force = process.argv.includes('--rebuild');
  for (const part of staleParts(force)) {
    process.stderr.write(
      `Building ${part.script.slice('build:'.length)} (${force ? '--rebuild' : `${part.output} is missing or older than its sources`})…\n`,
    );
    const npm = process.env.npm_execpath
      ? [process.execPath, [process.env.npm_execpath, 'run', part.script]]
      : ['npm', ['run', part.script]];
    const result = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  await import(pathToFileURL(resolve(root, 'dist/api/main.bundle.mjs')).href);
}
