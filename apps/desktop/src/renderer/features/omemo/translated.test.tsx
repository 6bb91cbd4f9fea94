import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import type { OmemoDevice } from '@parley/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { DeviceRow } from './DeviceRow';
import { lockTitle } from './LockButton';

const device: OmemoDevice = {
  jid: 'bob@example.org',
  version: 'omemo2',
  deviceId: 77,
  label: null,
  fingerprint: null,
  trust: 'undecided',
  active: false,
  stale: false,
  lastMessageAt: null,
  problem: null,
  keyChanged: false,
  changedFingerprint: null,
  current: false,
};

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('OMEMO in German and Arabic', () => {
  it('describes a device in German', () => {
    applyLanguage('de');
    render(
      <ul>
        <DeviceRow device={device} actions={{ setTrust: async () => {} }} />
      </ul>,
    );
    expect(screen.getByText('Gerät 77')).toBeTruthy();
    expect(screen.getByText('Inaktiv')).toBeTruthy();
    expect(screen.getByText('Noch kein Schlüssel abgerufen')).toBeTruthy();
    expect(
      screen.getByText('Unentschieden: Nicht dafür verschlüsselt, bis du entscheidest'),
    ).toBeTruthy();
  });

  it('says what the lock does in Arabic', () => {
    applyLanguage('ar');
    expect(lockTitle(undefined)).toBe('تشفير OMEMO');
    expect(
      lockTitle({
        accountId: 'a1',
        peer: 'bob@example.org',
        enabled: true,
        encryption: 'off',
        chosen: false,
        hasDevices: false,
      }),
    ).toBe('ليس لدى جهة الاتصال هذه أجهزة OMEMO: تُرسل الرسائل دون تشفير');
  });
});
