import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@parley/store';
import { decideKeyMode, profileFiles, type ProfileFiles } from './key-mode.js';
import {
  derivePassphraseKey,
  newKdfParams,
  readKdfParams,
  writeKdfParams,
} from './passphrase-key.js';
import {
  damagedStore,
  openKeychainProfile,
  profileState,
  unlockWithPassphrase,
  type Keychain,
} from './profile-store.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

function profile(): ProfileFiles {
  const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return profileFiles(dir);
}

/** A stand-in for safeStorage: reversible with its own secret, and switchable off. */
function fakeKeychain(): Keychain & { available: boolean } {
  const secret = randomBytes(32);
  const xor = (data: Buffer) => Buffer.from(data.map((b, i) => b ^ (secret[i % 32] ?? 0)));
  return {
    available: true,
    usable() {
      return this.available;
    },
    encrypt: (text) => xor(Buffer.from(text, 'utf8')),
    decrypt: (data) => xor(data).toString('utf8'),
  };
}

/** Every file of the profile folder with its content hash: "nothing changed" made checkable. */
function snapshot(files: ProfileFiles): Record<string, string> {
  const dir = join(files.database, '..');
  return Object.fromEntries(
    readdirSync(dir).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    ]),
  );
}

/** What main does at start: decide from the files, then open (passphrase: one attempt). */
async function start(
  files: ProfileFiles,
  keychain: Keychain,
  passphrase = 'correct horse battery',
): Promise<Store> {
  const mode = decideKeyMode(profileState(files, keychain.usable()));
  if (mode.kind === 'refuse') throw new Error(mode.reason);
  if (mode.kind === 'keychain') return openKeychainProfile(files, keychain, mode.create).store;
  const result = await unlockWithPassphrase(files, mode.create, passphrase, passphrase);
  if (!result.ok) throw new Error(result.message);
  return result.store;
}

function addAccount(store: Store): void {
  store.accounts.insert({
    id: 'a1',
    jid: 'alice@example.org',
    password: 'secret',
    host: null,
    port: null,
    tlsMode: 'auto',
    pinnedFingerprint256: null,
    pinnedCertPem: null,
    enabled: true,
    resource: 'parley.test',
    ownPresence: { show: 'available', status: '' },
  });
}

// scrypt at N=2^17 is slow on purpose (≈0.3 s a derivation, several per test): a loaded
// machine needs more than the default 5 s.
describe('opening a profile with its store key', { timeout: 30_000 }, () => {
  it('a keychain profile started without a usable keychain is refused untouched, and opens again later', async () => {
    const files = profile();
    const keychain = fakeKeychain();
    const first = await start(files, keychain);
    addAccount(first);
    first.close();
    const before = snapshot(files);

    keychain.available = false;
    await expect(start(files, keychain)).rejects.toThrow(/keychain.*Nothing was changed/s);
    expect(existsSync(files.passphraseSalt)).toBe(false);
    expect(snapshot(files)).toEqual(before);

    keychain.available = true;
    const again = await start(files, keychain);
    expect(again.accounts.get('a1')?.jid).toBe('alice@example.org');
    again.close();
  });

  it('a keychain that cannot decrypt the key file: a clear error, nothing changed', async () => {
    const files = profile();
    (await start(files, fakeKeychain())).close();
    const before = snapshot(files);
    // What safeStorage does with data another keychain (or another user) encrypted.
    const other: Keychain = {
      ...fakeKeychain(),
      usable: () => true,
      decrypt: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage');
      },
    };
    await expect(start(files, other)).rejects.toThrow(/keychain could not unlock/);
    expect(snapshot(files)).toEqual(before);
  });

  it('a new passphrase profile needs the passphrase twice; its salt is written with the store', async () => {
    const files = profile();
    const typo = await unlockWithPassphrase(files, true, 'correct horse battery', 'correct hrose');
    expect(typo).toMatchObject({
      ok: false,
      final: false,
      message: expect.stringMatching(/differ/),
    });
    expect(readdirSync(join(files.database, '..'))).toEqual([]);

    const made = await unlockWithPassphrase(
      files,
      true,
      'correct horse battery',
      'correct horse battery',
    );
    if (!made.ok) throw new Error(made.message);
    made.store.close();
    expect(readKdfParams(files.passphraseSalt).N).toBeGreaterThanOrEqual(2 ** 17);
    expect(existsSync(files.keychainKey)).toBe(false);
  });

  it('a wrong passphrase may be retried; a damaged store is said to be damaged and stops', async () => {
    const files = profile();
    const keychain = fakeKeychain();
    keychain.available = false;
    const store = await start(files, keychain);
    addAccount(store);
    store.close();

    const wrong = await unlockWithPassphrase(files, false, 'not the passphrase', null);
    expect(wrong).toEqual({ ok: false, message: 'Wrong passphrase.', final: false });

    const fd = openSync(files.database, 'r+');
    writeSync(fd, randomBytes(64), 0, 64, 300);
    closeSync(fd);
    const damaged = await unlockWithPassphrase(files, false, 'correct horse battery', null);
    expect(damaged).toEqual({ ok: false, message: damagedStore(), final: true });
    const stillWrong = await unlockWithPassphrase(files, false, 'not the passphrase', null);
    expect(stillWrong).toMatchObject({ ok: false, message: 'Wrong passphrase.' });
  });

  it('a profile from before the cost was stored still opens with its passphrase', async () => {
    const files = profile();
    const salt = randomBytes(16);
    writeFileSync(files.passphraseSalt, salt.toString('base64'));
    const legacyKey = await derivePassphraseKey(
      'correct horse battery',
      readKdfParams(files.passphraseSalt),
    );
    openStore({ path: files.database, key: legacyKey }).close();
    const result = await unlockWithPassphrase(files, false, 'correct horse battery', null);
    if (!result.ok) throw new Error(result.message);
    addAccount(result.store);
    result.store.close();
    // Raised to today's cost on the way: the old key no longer opens it, the passphrase does.
    expect(readKdfParams(files.passphraseSalt).N).toBeGreaterThanOrEqual(2 ** 17);
    expect(existsSync(`${files.passphraseSalt}.next`)).toBe(false);
    expect(() => openStore({ path: files.database, key: legacyKey })).toThrow();
    // The key handed on (to the backend process) is the new one.
    expect(result.key.equals(legacyKey)).toBe(false);
    openStore({ path: files.database, key: result.key }).close();
    const again = await unlockWithPassphrase(files, false, 'correct horse battery', null);
    if (!again.ok) throw new Error(again.message);
    expect(again.store.accounts.get('a1')?.jid).toBe('alice@example.org');
    again.store.close();
  });

  it('a raise of the cost cut short after the rekey still opens, and is finished', async () => {
    const files = profile();
    writeFileSync(files.passphraseSalt, randomBytes(16).toString('base64'));
    const oldKey = await derivePassphraseKey(
      'correct horse battery',
      readKdfParams(files.passphraseSalt),
    );
    const store = openStore({ path: files.database, key: oldKey });
    addAccount(store);
    // The crash: the new salt saved aside, the store rekeyed, the rename never happened.
    const params = newKdfParams();
    writeKdfParams(`${files.passphraseSalt}.next`, params);
    store.rekey(await derivePassphraseKey('correct horse battery', params));
    store.close();

    const result = await unlockWithPassphrase(files, false, 'correct horse battery', null);
    if (!result.ok) throw new Error(result.message);
    expect(result.store.accounts.get('a1')?.jid).toBe('alice@example.org');
    result.store.close();
    expect(readKdfParams(files.passphraseSalt).N).toBe(params.N);
    expect(existsSync(`${files.passphraseSalt}.next`)).toBe(false);
  });
});
