import type { Contact, EventPayload, SubscriptionRequest } from '@parley/contract';
import { create } from 'zustand';

const EMPTY: ReadonlyMap<string, Contact> = new Map();

interface RosterState {
  /** Per account, contacts keyed by bare JID: a presence update is one Map entry. */
  byAccount: Record<string, ReadonlyMap<string, Contact>>;
  requests: SubscriptionRequest[];
  setRoster(accountId: string, contacts: Contact[]): void;
  /** Apply many roster.changed payloads at once (see queueRosterChange). */
  applyChanges(changes: Map<string, PendingChanges>): void;
  removeAccount(accountId: string): void;
  setRequests(requests: SubscriptionRequest[]): void;
  addRequest(request: SubscriptionRequest): void;
  resolveRequest(accountId: string, jid: string): void;
}

export interface PendingChanges {
  upserted: Map<string, Contact>;
  removed: Set<string>;
}

export const useRoster = create<RosterState>()((set) => ({
  byAccount: {},
  requests: [],
  setRoster: (accountId, contacts) =>
    set((s) => ({
      byAccount: { ...s.byAccount, [accountId]: new Map(contacts.map((c) => [c.jid, c])) },
    })),
  applyChanges: (changes) =>
    set((s) => {
      const byAccount = { ...s.byAccount };
      for (const [accountId, change] of changes) {
        const next = new Map(byAccount[accountId] ?? EMPTY);
        for (const jid of change.removed) next.delete(jid);
        for (const [jid, contact] of change.upserted) next.set(jid, contact);
        byAccount[accountId] = next;
      }
      return { byAccount };
    }),
  removeAccount: (accountId) =>
    set((s) => {
      const byAccount = { ...s.byAccount };
      delete byAccount[accountId];
      return { byAccount, requests: s.requests.filter((r) => r.accountId !== accountId) };
    }),
  setRequests: (requests) => set({ requests }),
  addRequest: (request) =>
    set((s) => ({
      requests: [
        ...s.requests.filter((r) => !(r.accountId === request.accountId && r.jid === request.jid)),
        request,
      ],
    })),
  resolveRequest: (accountId, jid) =>
    set((s) => ({
      requests: s.requests.filter((r) => !(r.accountId === accountId && r.jid === jid)),
    })),
}));

export function useContacts(accountId: string | null): ReadonlyMap<string, Contact> {
  return useRoster((s) => (accountId ? (s.byAccount[accountId] ?? EMPTY) : EMPTY));
}

export function useContact(accountId: string, jid: string): Contact | undefined {
  return useRoster((s) => s.byAccount[accountId]?.get(jid));
}

/* ---- batching: a burst of presences becomes one store update per animation frame ---- */

let pending = new Map<string, PendingChanges>();
let scheduled = false;
let frame: number | null = null;
let fallback: ReturnType<typeof setTimeout> | null = null;

export function flushRosterChanges(): void {
  if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
  if (fallback !== null) clearTimeout(fallback);
  frame = null;
  fallback = null;
  scheduled = false;
  if (pending.size === 0) return;
  const changes = pending;
  pending = new Map();
  useRoster.getState().applyChanges(changes);
}

/** Queue a roster.changed event; applied on the next frame (or after 250 ms if hidden). */
export function queueRosterChange(change: EventPayload<'roster.changed'>): void {
  let entry = pending.get(change.accountId);
  if (!entry) pending.set(change.accountId, (entry = { upserted: new Map(), removed: new Set() }));
  for (const jid of change.removed) {
    entry.upserted.delete(jid);
    entry.removed.add(jid);
  }
  for (const contact of change.upserted) {
    entry.removed.delete(contact.jid);
    entry.upserted.set(contact.jid, contact);
  }
  if (scheduled) return;
  scheduled = true;
  if (typeof requestAnimationFrame === 'function')
    frame = requestAnimationFrame(flushRosterChanges);
  // rAF does not run in a hidden window; do not let the queue wait for it forever.
  fallback = setTimeout(flushRosterChanges, 250);
}

/** Drop queued changes of an account (it was removed, or its roster reloaded). */
export function discardQueuedRoster(accountId: string): void {
  pending.delete(accountId);
}
