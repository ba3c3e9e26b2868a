// docs/examples/postern@.service and postern.env: systemd accepts the unit (systemd-analyze verify, when this
// machine has it), its stop timeout covers Postern's whole graceful shutdown, and the settings it gives are the
// ones Postern boots with, refusing to boot while the example's secrets are still empty.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { LOGOUT_WAIT_MS } from '../../src/mail/connection/imap-connect.ts';
import { UNIT_FILE, envFile, unitEnvironment, unitSettings, unitValue } from '../helpers/deploy-examples.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const ANALYZE = '/usr/bin/systemd-analyze';
const seconds = (name: string, fallback: number) => Number(unitEnvironment('8081')[name] ?? fallback);

describe('the systemd example', () => {
  it('passes systemd-analyze verify without a warning', { skip: fs.existsSync(ANALYZE) ? false : `${ANALYZE} is not installed (Debian package systemd)` }, () => {
    // verify insists that ExecStart's program exists: point it at this checkout's Node and main.ts, nothing else.
    const text = fs.readFileSync(UNIT_FILE, 'utf8');
    const execStart = 'ExecStart=/opt/postern/node_modules/node/bin/node /opt/postern/src/main.ts';
    assert.ok(text.includes(execStart), 'the unit starts /opt/postern/src/main.ts with the node devDependency');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-unit-'));
    try {
      fs.writeFileSync(path.join(dir, 'postern@.service'), text.replace(execStart, `ExecStart=${process.execPath} ${path.join(ROOT, 'src', 'main.ts')}`));
      const run = spawnSync(ANALYZE, ['verify', path.join(dir, 'postern@8081.service')], { encoding: 'utf8' });
      // Unknown or misspelt keys are warnings with exit status 0: any output at all fails the test.
      assert.equal(`${run.stdout}${run.stderr}`.trim(), '');
      assert.equal(run.status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds V8\'s young generation, as npm start does and the bench measures', () => {
    // Its default grows past 100 MB under load and stays resident: the memory per session target (docs/ADMIN.md).
    const options = unitEnvironment('8081').NODE_OPTIONS ?? '';
    assert.match(options, /^--max-semi-space-size=\d+$/);
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    assert.equal(start, `node ${options} src/main.ts`);
  });

  it('gives the graceful shutdown its whole time before SIGKILL', () => {
    // main.ts: SHUTDOWN_GRACE_SECONDS for requests in flight, then LOGOUT (LOGOUT_WAIT_MS), then Redis (its timeout).
    const needed = seconds('SHUTDOWN_GRACE_SECONDS', 10) + LOGOUT_WAIT_MS / 1000 + seconds('SESSION_STORE_TIMEOUT_SECONDS', 5);
    const stop = Number(/^(\d+)s?$/.exec(unitValue('TimeoutStopSec') ?? '')?.[1]);
    assert.ok(stop >= needed, `TimeoutStopSec=${stop} is shorter than the shutdown can take (${needed} s)`);
    assert.ok(stop <= needed + 15, `TimeoutStopSec=${stop} leaves a hung process running far past the grace period`);
    assert.equal(unitValue('KillSignal') ?? 'SIGTERM', 'SIGTERM');
  });

  it('restarts on failure but not on a wrong setting (exit 78), hardened, secrets from the EnvironmentFile', () => {
    assert.equal(unitValue('Restart'), 'on-failure');
    assert.match(fs.readFileSync(path.join(ROOT, 'src', 'main.ts'), 'utf8'), /process\.exit\(78\)/);
    assert.equal(unitValue('RestartPreventExitStatus'), '78');
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['PrivateTmp', 'yes'], ['ProtectHome', 'yes'], ['CapabilityBoundingSet', '']]) {
      assert.equal(unitValue(key!), value, key);
    }
    assert.equal(unitValue('EnvironmentFile'), '/etc/postern/postern.env');
    const inUnit = Object.keys(unitEnvironment('8081'));
    for (const secret of ['SESSION_SECRET', 'METRICS_TOKEN', 'SESSION_STORE_URL']) {
      assert.ok(!inUnit.includes(secret), `${secret} is not in an Environment= line (systemctl show prints those)`);
      assert.ok(secret in envFile(), `${secret} is in the EnvironmentFile example`);
    }
    assert.ok(unitSettings('Install').some(([k, v]) => k === 'WantedBy' && v === 'multi-user.target'));
  });

  it('boots Postern with its settings once the secrets are filled in, and not before', () => {
    const env = { ...unitEnvironment('8081'), ...envFile() };
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && /SESSION_SECRET/.test(err.message));
    const config = loadConfig({ ...env, SESSION_SECRET: 'x'.repeat(64), METRICS_TOKEN: 'y'.repeat(64) });
    assert.equal(config.port, 8081);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.trustProxy, 1);
    assert.equal(config.shutdownGraceMs, seconds('SHUTDOWN_GRACE_SECONDS', 10) * 1000);
    assert.deepEqual(config.imap, { host: 'mail.example.com', port: 993, secure: true, startTls: false });
  });
});
