import { describe, expect, it } from 'vitest';
import { message } from './domain.js';
import { omemoDevice, omemoDeviceId, omemoFingerprint } from './omemo.js';

const plain = {
  id: 'm1',
  accountId: 'a1',
  peer: 'bob@example.org',
  direction: 'in',
  body: 'hi',
  timestamp: 1,
  status: 'received',
  originId: null,
  stanzaId: null,
  resource: null,
  fromOtherDevice: false,
  attachment: null,
};

describe('OMEMO in the contract', () => {
  it('keeps device ids in 1..2^31-1', () => {
    expect(omemoDeviceId.safeParse(1).success).toBe(true);
    expect(omemoDeviceId.safeParse(2 ** 31 - 1).success).toBe(true);
    for (const bad of [0, 2 ** 31, 1.5, '7'])
      expect(omemoDeviceId.safeParse(bad).success).toBe(false);
  });

  it('accepts a message without OMEMO fields, and only known values in them', () => {
    expect(message.safeParse(plain).success).toBe(true);
    expect(
      message.safeParse({ ...plain, encryption: 'omemo2', senderDevice: 9, trust: 'blind' })
        .success,
    ).toBe(true);
    expect(message.safeParse({ ...plain, decryptError: 'session-broken' }).success).toBe(true);
    expect(message.safeParse({ ...plain, encryption: 'otr' }).success).toBe(false);
    expect(message.safeParse({ ...plain, trust: 'trusted' }).success).toBe(false);
    expect(message.safeParse({ ...plain, decryptError: 'You received a message…' }).success).toBe(
      false,
    );
  });

  it('describes a device with its fingerprint as 64 lowercase hex digits', () => {
    const device = {
      jid: 'bob@example.org',
      version: 'omemo',
      deviceId: 12345,
      label: null,
      fingerprint: 'c4f5bef1e05d3f8e0d91667b0034e87336a27390a3e6b752a0191a4412f84c12',
      trust: 'undecided',
      active: true,
      stale: false,
      lastMessageAt: null,
      problem: null,
      keyChanged: false,
    };
    expect(omemoDevice.safeParse(device).success).toBe(true);
    expect(omemoFingerprint.safeParse(device.fingerprint.toUpperCase()).success).toBe(false);
    expect(omemoFingerprint.safeParse(`05${device.fingerprint}`).success).toBe(false);
  });
});
