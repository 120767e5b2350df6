import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, resolve } from 'node:path';

/** The YAML parser, loaded only when a YAML file is read, and kept out of the service's bundle (apps/api/bundle.mjs). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** A setting the file gives wrongly: which one, and what is wrong with it. */
export interface FileProblem {
  setting: string;
  problem: string;
}

export interface ConfigFile {
  path: string;
  /** Each setting as the environment variable of the same name would give it. */
  values: Record<string, string>;
  problems: FileProblem[];
}

/** Settings that name files: relative paths in the file are taken from the file's folder, not the working directory. */
const PATH_SETTINGS = new Set(['DATABASE_PATH', 'DASHBOARD_DIR']);

/**
 * Reads CONFIG_FILE (YAML or JSON): one key per setting, named as its environment variable
 * (`PORT: 3301`, `PUBLIC_HOSTNAMES: [ops.example.com]`). Numbers and booleans are taken as
 * written, lists are joined with commas, null leaves a setting unset.
 */
export function readConfigFile(file: string): ConfigFile {
  const path = resolve(file);
  const result: ConfigFile = { path, values: {}, problems: [] };
  const fail = (problem: string) => {
    result.problems.push({ setting: 'CONFIG_FILE', problem });
    return result;
  };
  if (!existsSync(path)) return fail(`${path} does not exist`);
  const extension = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) return fail(`${path} must end in .yaml, .yml or .json`);
  let parsed: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    parsed = extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return fail(
      `${path} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (parsed === null || parsed === undefined) return result;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail(`${path} must hold settings as keys, e.g. "PORT: 3301"`);

  for (const [setting, value] of Object.entries(parsed as Record<string, unknown>)) {
    const problem = (text: string) => result.problems.push({ setting, problem: `${text} (in ${path})` });
    if (!/^[A-Z][A-Z0-9_]*$/.test(setting)) {
      problem('settings are written as their environment variable, in capitals (e.g. PORT, DATABASE_PATH)');
    } else if (value === null) {
      continue;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value);
      result.values[setting] = PATH_SETTINGS.has(setting) && text !== ':memory:' && !isAbsolute(text) ? resolve(dirname(path), text) : text;
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      result.values[setting] = value.join(',');
    } else {
      problem('must be a single value or a list of values');
    }
  }
  return result;
}
