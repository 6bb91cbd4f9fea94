import { normalizeFingerprint } from '@parley/xmpp';

/** Certificates remembered at most (a user looks at one or two). */
const MAX_SHOWN = 16;

/**
 * Fingerprints of certificates a trial sign-in or sign-up was refused on and showed the user.
 * A later request may pin only one of these, never a fingerprint the renderer made up (the
 * same rule as accounts.pinCertificate).
 */
export class ShownCertificates {
  private readonly shown: string[] = [];

  remember(fingerprint256: string): void {
    const fp = normalizeFingerprint(fingerprint256);
    const at = this.shown.indexOf(fp);
    if (at >= 0) this.shown.splice(at, 1);
    this.shown.push(fp);
    if (this.shown.length > MAX_SHOWN) this.shown.shift();
  }

  wasShown(fingerprint256: string): boolean {
    return this.shown.includes(normalizeFingerprint(fingerprint256));
  }
}
