// The deployment examples of docs/examples/, read the way systemd reads them, so the tests start Postern with the
// settings an admin copying them would get.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'docs', 'examples');
export const UNIT_FILE = path.join(EXAMPLES, 'postern@.service');
export const ENV_FILE = path.join(EXAMPLES, 'postern.env');
export const NGINX_FILE = path.join(EXAMPLES, 'nginx', 'postern.conf');

/** `Key=value` lines of one section of a unit file, in order (a key may repeat). */
export function unitSettings(section: string, file = UNIT_FILE): [string, string][] {
  const settings: [string, string][] = [];
  let current = '';
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section) {
      const at = line.indexOf('=');
      settings.push([line.slice(0, at), line.slice(at + 1)]);
    }
  }
  return settings;
}

/** The unit's single value for `key` in [Service]. */
export function unitValue(key: string): string | undefined {
  return unitSettings('Service').filter(([k]) => k === key).at(-1)?.[1];
}

/** The environment the unit gives Postern from its Environment= lines, for instance `instance` (%i). */
export function unitEnvironment(instance: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of unitSettings('Service')) {
    if (key !== 'Environment') continue;
    const at = value.indexOf('=');
    env[value.slice(0, at)] = value.slice(at + 1).replaceAll('%i', instance);
  }
  return env;
}

/** The EnvironmentFile example: KEY=value lines, comments and blank lines skipped. */
export function envFile(file = ENV_FILE): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}
