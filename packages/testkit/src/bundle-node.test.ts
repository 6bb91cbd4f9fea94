import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleNodeEntry } from './bundle-node.js';

// The fixture sits inside the package, so the entry resolves testkit's own npm dependencies.
const work = resolve(import.meta.dirname, '../.tmp', `bundle-${process.pid}`);

afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('bundleNodeEntry', () => {
  it('inlines TypeScript modules, keeps npm packages as imports of their installed files', async () => {
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'greeting.ts'), "export const greeting: string = 'hello';\n");
    writeFileSync(
      join(work, 'entry.ts'),
      [
        "import { basename } from 'node:path';",
        "import xml from '@xmpp/xml';",
        "import { greeting } from './greeting.js';",
        "console.log(greeting, basename('/a/b.txt'), xml('x', { a: '1' }).toString());",
        '',
      ].join('\n'),
    );
    const out = await bundleNodeEntry(join(work, 'entry.ts'), join(work, 'out', 'entry.mjs'));
    const code = readFileSync(out, 'utf8');
    // @xmpp/xml is imported from where pnpm installed it, not copied in.
    expect(code).toMatch(/from "\/[^"]*node_modules\/[^"]*@xmpp\/xml[^"]*"/u);
    expect(code).not.toContain('class XMLError');
    expect(execFileSync(process.execPath, [out], { encoding: 'utf8' }).trim()).toBe(
      'hello b.txt <x a="1"/>',
    );
  }, 30_000);
});
