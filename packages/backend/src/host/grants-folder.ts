import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests only (--grants DIR): file grants as Electron main hands them out for a picked file, for
 * files too large for the page to send as bytes. A test puts a file at DIR/<grant>/<name> and
 * gives the page the grant; the grant is taken once, as main's are. Nothing else is readable.
 */
export function grantsIn(dir: string): (grant: string) => string | null {
  const taken = new Set<string>();
  return (grant) => {
    if (!/^[A-Za-z0-9_-]{22,64}$/.test(grant) || taken.has(grant)) return null;
    const folder = join(dir, grant);
    const [name, ...more] = existsSync(folder) ? readdirSync(folder) : [];
    if (name === undefined || more.length > 0) return null;
    taken.add(grant);
    return join(folder, name);
  };
}
