// src/main.ts in a process of its own, as systemd starts it: the environment is all it gets. Resolves once it
// prints its address; stop() sends SIGTERM and waits for the graceful exit, and tells its exit code.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = path.join(import.meta.dirname, '..', '..', 'src', 'main.ts');

export interface MainProcess {
  base: string;
  port: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 20 s: the exit code, null when it had to be killed */
  stop(): Promise<number | null>;
}

export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      output += `${line}\n`;
      const m = /listening on (http:\/\/\S+)\//.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`postern exited before listening:\n${output}`)));
  });
  return {
    base,
    port: Number(new URL(base).port),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}
