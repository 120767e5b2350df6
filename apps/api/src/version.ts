import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from './config/app-config.js';

/** The release, read from package.json: the one place a version is written. */
export const APP_VERSION: string = (JSON.parse(readFileSync(resolve(projectRoot(), 'package.json'), 'utf8')) as { version: string })
  .version;
