// The layer rules in eslint.config.js (DESIGN.md: contract ← xmpp, store ← backend ← main; the
// renderer sees the contract only) are checked on code written for each layer.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The messages ESLint gives `code` as if it were the file at `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import layers', () => {
  it('the renderer reaches the backend only through the contract', async () => {
    const file = 'apps/desktop/src/renderer/features/chat/probe.ts';
    expect(await restricted(file, "import '@parley/contract';\n")).toEqual([]);
    for (const banned of [
      '@parley/store',
      '@parley/xmpp',
      '@parley/backend',
      'electron',
      'node:fs',
    ]) {
      expect(await restricted(file, `import '${banned}';\n`)).toHaveLength(1);
    }
  });

  it('the protocol and the store do not know each other or the backend', async () => {
    expect(
      await restricted('packages/xmpp/src/features/probe.ts', "import '@parley/store';\n"),
    ).toHaveLength(1);
    expect(
      await restricted('packages/store/src/probe.ts', "import '@parley/xmpp';\n"),
    ).toHaveLength(1);
    expect(await restricted('packages/store/src/probe.ts', "import '@xmpp/jid';\n")).toHaveLength(
      1,
    );
    expect(
      await restricted('packages/xmpp/src/probe.ts', "import '@parley/backend';\n"),
    ).toHaveLength(1);
  });

  it('the contract imports no other layer and nothing the renderer cannot load', async () => {
    for (const banned of ['@parley/xmpp', '@parley/store', '@xmpp/jid', 'node:crypto']) {
      expect(
        await restricted('packages/contract/src/probe.ts', `import '${banned}';\n`),
      ).toHaveLength(1);
    }
  });

  it('the backend has no Electron and no testkit, except in its tests and dev host', async () => {
    const code = "import 'electron';\nimport '@parley/testkit';\n";
    expect(await restricted('packages/backend/src/runtime/probe.ts', code)).toHaveLength(2);
    expect(
      await restricted(
        'packages/backend/src/runtime/probe.int.test.ts',
        "import '@parley/testkit';\n",
      ),
    ).toEqual([]);
    expect(
      await restricted('packages/backend/src/host/probe.ts', "import '@parley/testkit';\n"),
    ).toEqual([]);
  });
});
