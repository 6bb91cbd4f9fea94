import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../store/src/test-support.js';
import { createBackend, type Backend } from './backend.js';

let temp: TempStore;
let backend: Backend;
let opened: number;

beforeEach(() => {
  temp = openTempStore();
  backend = createBackend({ store: temp.store, validateEvents: true });
  opened = 0;
  backend.onEvent((name) => {
    if (name === 'link.opened') opened++;
  });
});
afterEach(async () => {
  await backend.stop();
  temp.dispose();
});

async function take(): Promise<unknown> {
  const result = await backend.handle('links.take', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('links the system opens Parley with', () => {
  it('keeps xmpp: links until the renderer takes them, each once, and tells it', async () => {
    expect(backend.openLink('xmpp:lounge@conference.example.org?join')).toBe(true);
    expect(backend.openLink('XMPP:alice@example.org')).toBe(true);
    expect(opened).toBe(2);
    expect(await take()).toEqual([
      'xmpp:lounge@conference.example.org?join',
      'XMPP:alice@example.org',
    ]);
    expect(await take()).toEqual([]);
  });

  it('refuses anything else, and keeps nothing of it', async () => {
    const hostile: unknown[] = [
      'https://example.org',
      'javascript:alert(1)',
      'xmpp:',
      'xmpp:a@b\nxmpp:c@d',
      'xmpp:a@b c',
      `xmpp:${'a'.repeat(5000)}@example.org`,
      '--inspect=9229',
      42,
      null,
      { uri: 'xmpp:a@b' },
    ];
    for (const value of hostile) expect(backend.openLink(value), String(value)).toBe(false);
    expect(opened).toBe(0);
    expect(await take()).toEqual([]);
  });

  it('keeps only the newest sixteen of a burst', async () => {
    for (let i = 0; i < 40; i++) backend.openLink(`xmpp:user${i}@example.org`);
    const taken = (await take()) as string[];
    expect(taken).toHaveLength(16);
    expect(taken[0]).toBe('xmpp:user24@example.org');
    expect(taken.at(-1)).toBe('xmpp:user39@example.org');
  });
});
