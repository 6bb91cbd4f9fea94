import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { CertificateInfo } from '@parley/contract';

export interface Trust {
  /** An extra CA (PEM) trusted in addition to the system roots. */
  caPem?: string | null;
  /** Accept exactly this leaf certificate (SHA-256, 'AB:CD:..' as X509Certificate.fingerprint256). */
  pinnedFingerprint256?: string | null;
}

export type PeerVerdict =
  | { ok: true; pinned: boolean }
  | { ok: false; reason: string; certificate: CertificateInfo | null };

/** 'ab cd:EF…' and 'AB:CD:EF…' compare equal; nothing looser than that. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[\s:]/g, '').toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? '';
}

/** X509Certificate gives multi-line DNs ("C=FR\nCN=x"); the UI wants one line. */
function oneLine(dn: string): string {
  return dn
    .split('\n')
    .filter((part) => part.length > 0)
    .join(', ');
}

export function describeCertificate(cert: X509Certificate, reason: string): CertificateInfo {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    fingerprint256: cert.fingerprint256,
    reason,
  };
}

/**
 * Decides whether to talk to the peer of a finished handshake. The socket was opened with
 * rejectUnauthorized:false only so that we can read the certificate of a refused peer and
 * show it; this function is the real gate, and nothing is written before it says ok.
 * Node has already run checkServerIdentity (against the JID domain, see tls.ts) and folded
 * its result into `authorized`/`authorizationError`.
 */
export function verifyPeer(socket: TLSSocket, trust: Trust): PeerVerdict {
  const cert = socket.getPeerX509Certificate();
  if (!cert) return { ok: false, reason: 'NO_PEER_CERTIFICATE', certificate: null };

  const pin = trust.pinnedFingerprint256;
  if (pin) {
    // A pin replaces the CA check but is the only certificate accepted, even a CA-valid one.
    if (normalizeFingerprint(cert.fingerprint256) === normalizeFingerprint(pin)) {
      return { ok: true, pinned: true };
    }
    const reason = 'PINNED_FINGERPRINT_MISMATCH';
    return { ok: false, reason, certificate: describeCertificate(cert, reason) };
  }

  if (socket.authorized) return { ok: true, pinned: false };
  const reason = String(socket.authorizationError ?? 'UNKNOWN_VERIFICATION_ERROR');
  return { ok: false, reason, certificate: describeCertificate(cert, reason) };
}
