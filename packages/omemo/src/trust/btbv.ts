/**
 * Blind Trust Before Verification (https://gultsch.de/trust.html), per contact (bare JID), as
 * python-omemo's btbv example and Dino do it: while no device of a JID has had a manual decision,
 * new devices are trusted blindly; once any device is verified or distrusted by the user, new
 * devices of that JID wait for a decision. Pure: the backend stores the levels.
 */

export type TrustLevel = 'undecided' | 'blind' | 'verified' | 'distrusted';

const isManual = (level: TrustLevel): boolean => level === 'verified' || level === 'distrusted';

/** Whether BTBV still applies to a JID whose known devices have these levels. */
export function blindTrustActive(levels: Iterable<TrustLevel>): boolean {
  for (const level of levels) if (isManual(level)) return false;
  return true;
}

/**
 * The level for a device (or a changed identity key of a known device id) seen for the first
 * time, given the levels of the JID's other devices.
 */
export function trustForNewDevice(otherDevices: Iterable<TrustLevel>): TrustLevel {
  return blindTrustActive(otherDevices) ? 'blind' : 'undecided';
}

/** Messages are encrypted only to devices trusted blindly or verified. */
export function mayEncryptTo(level: TrustLevel): boolean {
  return level === 'blind' || level === 'verified';
}

/**
 * Messages from a device are decrypted unless the user distrusted it; from an undecided device
 * they are shown marked as such. KeyTransports (no payload) bypass trust (XEP-0384 §Security).
 */
export function mayDecryptFrom(level: TrustLevel): boolean {
  return level !== 'distrusted';
}

/** Whether a message from this device is shown with an "unverified device" marker. */
export function showsUnverifiedMarker(level: TrustLevel): boolean {
  return level !== 'verified';
}
