import { create } from 'zustand';
import type { EventPayload, ParleyClient } from '@parley/contract';
import { chatKey } from '../ui/store';

export type NewDevicesNotice = EventPayload<'omemo.devices.new'>;
export type KeyChangedAlert = EventPayload<'omemo.key.changed'>;

/** At most this many notices per JID are kept (a flood of device lists stays small). */
const MAX_PER_JID = 20;

/**
 * What the backend reported about a JID's devices since the user last looked: new devices (a
 * quiet notice in the conversation) and changed keys (an alert that leads to the device list).
 * Keyed by account and JID; the dialog or the banner's close clears them.
 */
interface TrustAlertsState {
  newDevices: Record<string, NewDevicesNotice[]>;
  keyChanges: Record<string, KeyChangedAlert[]>;
  addNewDevices(notice: NewDevicesNotice): void;
  addKeyChange(alert: KeyChangedAlert): void;
  dismiss(accountId: string, jid: string): void;
  removeAccount(accountId: string): void;
}

const append = <T>(list: T[] | undefined, item: T) => [...(list ?? []), item].slice(-MAX_PER_JID);

export const useTrustAlerts = create<TrustAlertsState>()((set) => ({
  newDevices: {},
  keyChanges: {},
  addNewDevices: (notice) =>
    set((s) => {
      const key = chatKey(notice.accountId, notice.jid);
      return { newDevices: { ...s.newDevices, [key]: append(s.newDevices[key], notice) } };
    }),
  addKeyChange: (alert) =>
    set((s) => {
      const key = chatKey(alert.accountId, alert.jid);
      // The same device again replaces its earlier alert: the newest key is the one to decide.
      const others = (s.keyChanges[key] ?? []).filter((a) => a.deviceId !== alert.deviceId);
      return { keyChanges: { ...s.keyChanges, [key]: append(others, alert) } };
    }),
  dismiss: (accountId, jid) =>
    set((s) => {
      const key = chatKey(accountId, jid);
      const { [key]: _n, ...newDevices } = s.newDevices;
      const { [key]: _k, ...keyChanges } = s.keyChanges;
      return { newDevices, keyChanges };
    }),
  removeAccount: (accountId) =>
    set((s) => {
      const keep = <T extends { accountId: string }>(m: Record<string, T[]>) =>
        Object.fromEntries(Object.entries(m).filter(([, v]) => v[0]?.accountId !== accountId));
      return { newDevices: keep(s.newDevices), keyChanges: keep(s.keyChanges) };
    }),
}));

/** Subscribes the store to the backend's device events; returns the unsubscribe. */
export function wireTrustEvents(client: ParleyClient): () => void {
  const offs = [
    client.on('omemo.devices.new', (n) => useTrustAlerts.getState().addNewDevices(n)),
    client.on('omemo.key.changed', (a) => useTrustAlerts.getState().addKeyChange(a)),
    client.on('account.removed', ({ id }) => useTrustAlerts.getState().removeAccount(id)),
  ];
  return () => offs.forEach((off) => off());
}
