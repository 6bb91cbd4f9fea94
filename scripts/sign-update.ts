/**
 * `pnpm tsx scripts/sign-update.ts [release-dir]`: signs every latest*.yml electron-builder
 * wrote with the ed25519 key in PARLEY_UPDATE_SIGNING_KEY (64 hex digits, a secret of the
 * release workflow) and writes `<file>.sig` beside it, to publish with it. The app checks the
 * signature against the public key built into it (apps/desktop/src/main/auto-update-signature.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  signUpdate,
  type SignedUpdateInfo,
} from '../apps/desktop/src/main/auto-update-signature.js';

const root = resolve(import.meta.dirname, '..');
const { load } = createRequire(join(root, 'apps/desktop/package.json'))('js-yaml') as {
  load(text: string): unknown;
};

/** Signs each update metadata file in `dir`; returns the signature files written. */
export function signReleaseMetadata(dir: string, secretKeyHex: string): string[] {
  const written: string[] = [];
  for (const name of readdirSync(dir).filter((n) => /^latest(-[a-z0-9-]+)?\.yml$/.test(n))) {
    const info = load(readFileSync(join(dir, name), 'utf8')) as SignedUpdateInfo;
    if (!info?.version || !Array.isArray(info.files) || info.files.length === 0) {
      throw new Error(`${name} lists no files to sign`);
    }
    const file = join(dir, `${name}.sig`);
    writeFileSync(file, `${signUpdate(info, secretKeyHex)}\n`);
    written.push(file);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const key = process.env['PARLEY_UPDATE_SIGNING_KEY'] ?? '';
  const dir = resolve(process.argv[2] ?? join(root, 'release'));
  if (!key) {
    console.error('sign-update: PARLEY_UPDATE_SIGNING_KEY is not set; nothing signed');
    process.exit(1);
  }
  const files = signReleaseMetadata(dir, key);
  if (files.length === 0) {
    console.error(`sign-update: no latest*.yml in ${dir}`);
    process.exit(1);
  }
  for (const file of files) console.log(`signed ${file}`);
}
