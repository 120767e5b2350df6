import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm start` (scripts/start.mjs) in a project of the same layout whose build scripts only write
 * their output and count their runs, so the test sees what start builds without waiting for a real build.
 */
describe('npm start', () => {
  const project = mkdtempSync(join(tmpdir(), 'workflow-mcp-start-'));
  const builds = join(project, 'builds.log');
  const write = (path: string, text: string) => {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  const builder = (part: string, output: string, text: string) =>
    `node -e "require('fs').mkdirSync('${output.replace(/\/[^/]+$/, '')}',{recursive:true});` +
    `require('fs').writeFileSync('${output}','${text}');require('fs').appendFileSync('builds.log','${part}\\n')"`;

  mkdirSync(join(project, 'scripts'));
  copyFileSync(resolve('scripts/start.mjs'), join(project, 'scripts/start.mjs'));
  write(
    'package.json',
    JSON.stringify({
      name: 'start-fixture',
      private: true,
      scripts: {
        'build:api': builder('api', 'dist/api/main.bundle.mjs', 'console.log(\\"service started\\")'),
        'build:dashboard': builder('dashboard', 'dist/dashboard/browser/index.html', '<html></html>'),
      },
    }),
  );
  const sources = ['apps/api/src/main.ts', 'apps/dashboard/src/main.ts', 'libs/domain/src/index.ts'];
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (const source of sources) {
    write(source, 'export {};');
    utimesSync(join(project, source), anHourAgo, anHourAgo);
  }
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const start = async (...args: string[]) => {
    rmSync(builds, { force: true });
    const { stdout } = await run(process.execPath, [join(project, 'scripts/start.mjs'), ...args], { cwd: project });
    let built: string[] = [];
    try {
      built = readFileSync(builds, 'utf8').trim().split('\n');
    } catch {
      /* nothing was built */
    }
    return { built, started: stdout.includes('service started') };
  };
  /** An edit: the file changes after the last build. */
  const touch = (path: string) => {
    const now = new Date();
    utimesSync(join(project, path), now, now);
  };

  it('builds what is missing, then starts the service', async () => {
    expect(await start()).toEqual({ built: ['api', 'dashboard'], started: true });
  }, 60_000);

  it('starts without building when nothing changed', async () => {
    expect(await start()).toEqual({ built: [], started: true });
  }, 60_000);

  it('rebuilds only the part whose sources changed', async () => {
    touch('apps/api/src/main.ts');
    expect(await start()).toEqual({ built: ['api'], started: true });
    touch('libs/domain/src/index.ts');
    expect(await start()).toEqual({ built: ['api', 'dashboard'], started: true });
  }, 60_000);

  it('builds everything again with --rebuild', async () => {
    expect(await start('--rebuild')).toEqual({ built: ['api', 'dashboard'], started: true });
  }, 60_000);
});
