// docs/ADMIN.md stays true to src/config.ts: every variable Postern reads has its row, with the default the code
// uses, and no row names a variable that is gone. README keeps its table too, and both README and DESIGN lead to
// the guide, whose links all point at files that exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { environmentVariables } from '../../src/config.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const guide = read('docs/ADMIN.md');

/** Table rows of the guide whose first cell is one variable: name -> last cell (the default). */
function rows(): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of guide.split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]+)` \|.*\| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    assert.ok(!found.has(m[1]!), `${m[1]} has two rows in docs/ADMIN.md`);
    found.set(m[1]!, m[2]!.trim());
  }
  return found;
}

describe('docs/ADMIN.md', () => {
  it('describes every variable of src/config.ts with the default the code uses', () => {
    const table = rows();
    for (const variable of environmentVariables()) {
      const cell = table.get(variable.name);
      assert.ok(cell !== undefined, `${variable.name} is read by src/config.ts but has no row in docs/ADMIN.md`);
      if (variable.required) assert.equal(cell, 'required', variable.name);
      else if (variable.default !== undefined) assert.equal(cell, `\`${variable.default}\``, `${variable.name}'s default`);
      else assert.match(cell, /^unset/, `${variable.name} has no default: its row says what unset means`);
    }
  });

  it('names no variable that Postern does not read', () => {
    const known = new Set(environmentVariables().map((v) => v.name));
    for (const name of rows().keys()) assert.ok(known.has(name), `docs/ADMIN.md has a row for ${name}, which src/config.ts does not read`);
  });

  it('links only to files that exist', () => {
    for (const [, target] of guide.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
      assert.ok(existsSync(path.join(ROOT, 'docs', target!)), `docs/ADMIN.md links to ${target}, which does not exist`);
    }
  });

  it('is linked from README and DESIGN, and README still lists every variable', () => {
    const readme = read('README.md');
    assert.match(readme, /\]\(docs\/ADMIN\.md\)/);
    assert.match(read('docs/DESIGN.md'), /\]\(ADMIN\.md\)/);
    for (const { name } of environmentVariables()) assert.ok(readme.includes(`\`${name}\``), `README's table misses ${name}`);
  });
});
