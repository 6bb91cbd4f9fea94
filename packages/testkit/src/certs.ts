import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { run } from './exec.js';

export interface Certificates {
  caPem: string;
  caKeyPath: string;
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

/**
 * Make a throwaway CA and one leaf certificate signed by it.
 *
 * A CA (rather than a lone self-signed leaf) mirrors how a real deployment is
 * verified: the client is handed `caPem` to trust, and the server presents a
 * leaf whose SAN must match the name the client asked for. EC P-256 keeps
 * generation fast (RSA keygen would add ~100 ms per server).
 */
export async function makeCertificates(
  dir: string,
  hosts: string[],
  /** Sign with this existing CA instead of making one (several servers, one CA to trust). */
  ca?: { certPath: string; keyPath: string },
): Promise<Certificates> {
  await mkdir(dir, { recursive: true });
  const caKeyPath = ca?.keyPath ?? path.join(dir, 'ca.key');
  const caCertPath = ca?.certPath ?? path.join(dir, 'ca.crt');
  const keyPath = path.join(dir, 'server.key');
  const csrPath = path.join(dir, 'server.csr');
  const certPath = path.join(dir, 'server.crt');
  const extPath = path.join(dir, 'server.ext');

  const names = [...new Set([...hosts, 'localhost'])];
  const san = [...names.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  const cn = names[0] ?? 'localhost';

  if (!ca) await makeCa(caKeyPath, caCertPath);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath]);
  await run('openssl', ['req', '-new', '-key', keyPath, '-subj', `/CN=${cn}`, '-out', csrPath]);
  await writeFile(
    extPath,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${san}`,
      '',
    ].join('\n'),
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    caCertPath,
    '-CAkey',
    caKeyPath,
    '-CAcreateserial',
    '-days',
    '3650',
    '-sha256',
    '-extfile',
    extPath,
    '-out',
    certPath,
  ]);
  // Private keys are only for this process and Prosody (which runs as the same user).
  await chmod(keyPath, 0o600);

  return { caPem: await readFile(caCertPath, 'utf8'), caKeyPath, caCertPath, certPath, keyPath };
}

/** A throwaway CA: an EC P-256 key and a self-signed CA certificate valid for ten years. */
async function makeCa(caKeyPath: string, caCertPath: string): Promise<void> {
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKeyPath]);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    caKeyPath,
    '-sha256',
    '-days',
    '3650',
    '-subj',
    '/CN=Parley Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    caCertPath,
  ]);
  await chmod(caKeyPath, 0o600);
}
