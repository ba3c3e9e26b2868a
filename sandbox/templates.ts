// The server configs live in the repo as readable templates (sandbox/dovecot.conf, sandbox/postfix/*.cf);
// only ports and paths differ per run, so double-brace placeholders like `{{DIR}}` are all the templating we need.
import fs from 'node:fs';
import path from 'node:path';

const TEMPLATE_DIR = import.meta.dirname;

export function renderTemplate(template: string, values: Record<string, string | number>, outFile: string): void {
  const text = fs.readFileSync(path.join(TEMPLATE_DIR, template), 'utf8');
  const filled = text.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (_match, name: string) => {
    const value = values[name];
    // A forgotten value would otherwise reach the server as literal braces and fail far from the cause.
    if (value === undefined) throw new Error(`sandbox template ${template}: no value for {{${name}}}`);
    return String(value);
  });
  fs.writeFileSync(outFile, filled);
}
