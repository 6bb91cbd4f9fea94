import type { Transfer } from '@parley/contract';
import { create } from 'zustand';
import { isActive } from './format';

export type PreviewEntry =
  | { status: 'loading' }
  | { status: 'ready'; mediaType: string; dataUrl: string }
  | { status: 'error'; message: string };

/** A file not sent, and why (shown above the composer of its conversation). */
export interface Refusal {
  name: string | null;
  reason: string;
}

/** Thumbnails (object URLs of the sender's own files) kept at most; the oldest go first. */
export const MAX_THUMBNAILS = 40;
/** Preview data: URLs kept at most; evicted ones are fetched again when shown. */
export const MAX_PREVIEWS = 60;

interface FilesState {
  transfers: Record<string, Transfer>;
  /** messageKey(accountId, messageId) → id of the newest transfer for that message. */
  byMessage: Record<string, string>;
  /** Transfer id → blob: URL of the local file (images the user just sent). */
  thumbnails: Record<string, string>;
  previews: Record<string, PreviewEntry>;
  /** chatKey → files refused before upload. */
  refusals: Record<string, Refusal[]>;
  /** messageKey → true: direct offers declined here (the offer's card keeps saying so). */
  declined: Record<string, true>;
  panelOpen: boolean;
  setAll(transfers: Transfer[]): void;
  upsert(transfer: Transfer): void;
  /** A retry that came back under a new id: the old one goes, its thumbnail moves. */
  replace(oldId: string, transfer: Transfer): void;
  remove(id: string): void;
  removeAccount(accountId: string): void;
  setThumbnail(id: string, url: string): void;
  setPreview(id: string, entry: PreviewEntry): void;
  refuse(chatKey: string, refusals: Refusal[]): void;
  clearRefusals(chatKey: string): void;
  setPanelOpen(open: boolean): void;
  markDeclined(accountId: string, messageId: string): void;
}

export function messageKey(accountId: string, messageId: string): string {
  return `${accountId}\u0000${messageId}`;
}

function revoke(url: string | undefined): void {
  if (url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
}

function newer(a: Transfer, b: Transfer | undefined): boolean {
  return !b || a.id === b.id || a.createdAt >= b.createdAt;
}

function indexMessages(transfers: Record<string, Transfer>): Record<string, string> {
  const index: Record<string, string> = {};
  for (const t of Object.values(transfers)) {
    if (t.messageId === null) continue;
    const key = messageKey(t.accountId, t.messageId);
    const current = index[key];
    if (newer(t, current === undefined ? undefined : transfers[current])) index[key] = t.id;
  }
  return index;
}

/** Keep only the entries whose id passes; revoke the thumbnails dropped. */
function prune(s: FilesState, keep: (id: string) => boolean) {
  const thumbnails: Record<string, string> = {};
  for (const [id, url] of Object.entries(s.thumbnails)) {
    if (keep(id)) thumbnails[id] = url;
    else revoke(url);
  }
  const previews: Record<string, PreviewEntry> = {};
  for (const [id, entry] of Object.entries(s.previews)) if (keep(id)) previews[id] = entry;
  return { thumbnails, previews };
}

function capped<T>(record: Record<string, T>, max: number, onDrop?: (value: T) => void) {
  const keys = Object.keys(record);
  if (keys.length <= max) return record;
  const next = { ...record };
  for (const key of keys.slice(0, keys.length - max)) {
    onDrop?.(next[key] as T);
    delete next[key];
  }
  return next;
}

export const useFiles = create<FilesState>()((set) => ({
  transfers: {},
  byMessage: {},
  thumbnails: {},
  previews: {},
  refusals: {},
  declined: {},
  panelOpen: false,
  setAll: (list) =>
    set((s) => {
      const transfers: Record<string, Transfer> = {};
      for (const t of list) transfers[t.id] = t;
      return {
        transfers,
        byMessage: indexMessages(transfers),
        ...prune(s, (id) => id in transfers),
      };
    }),
  upsert: (transfer) =>
    set((s) => {
      const transfers = { ...s.transfers, [transfer.id]: transfer };
      let byMessage = s.byMessage;
      if (transfer.messageId !== null) {
        const key = messageKey(transfer.accountId, transfer.messageId);
        const current = byMessage[key];
        if (newer(transfer, current === undefined ? undefined : s.transfers[current])) {
          byMessage = { ...byMessage, [key]: transfer.id };
        }
      }
      if (
        transfer.state !== 'cancelled' ||
        !(transfer.id in s.thumbnails || transfer.id in s.previews)
      ) {
        return { transfers, byMessage };
      }
      // A cancelled upload shows no more: its local image is not needed. A file retracted
      // after it was fetched comes back cancelled too: its preview goes with it.
      return { transfers, byMessage, ...prune(s, (id) => id !== transfer.id) };
    }),
  replace: (oldId, transfer) =>
    set((s) => {
      const transfers = { ...s.transfers };
      delete transfers[oldId];
      transfers[transfer.id] = transfer;
      const thumbnails = { ...s.thumbnails };
      const moved = thumbnails[oldId];
      delete thumbnails[oldId];
      if (moved) thumbnails[transfer.id] = moved;
      return { transfers, thumbnails, byMessage: indexMessages(transfers) };
    }),
  remove: (id) =>
    set((s) => {
      const transfers = { ...s.transfers };
      delete transfers[id];
      return { transfers, byMessage: indexMessages(transfers), ...prune(s, (k) => k !== id) };
    }),
  removeAccount: (accountId) =>
    set((s) => {
      const transfers: Record<string, Transfer> = {};
      for (const t of Object.values(s.transfers))
        if (t.accountId !== accountId) transfers[t.id] = t;
      const other = ([key]: [string, unknown]) => !key.startsWith(`${accountId}\u0000`);
      const refusals = Object.fromEntries(Object.entries(s.refusals).filter(other));
      const declined = Object.fromEntries(Object.entries(s.declined).filter(other));
      return {
        transfers,
        byMessage: indexMessages(transfers),
        refusals,
        declined,
        ...prune(s, (id) => id in transfers),
      };
    }),
  setThumbnail: (id, url) =>
    set((s) => {
      revoke(s.thumbnails[id]);
      const thumbnails = { ...s.thumbnails };
      delete thumbnails[id];
      thumbnails[id] = url;
      return { thumbnails: capped(thumbnails, MAX_THUMBNAILS, revoke) };
    }),
  setPreview: (id, entry) =>
    set((s) => {
      const previews = { ...s.previews };
      delete previews[id];
      previews[id] = entry;
      return { previews: capped(previews, MAX_PREVIEWS) };
    }),
  refuse: (chatKey, refusals) => set((s) => ({ refusals: { ...s.refusals, [chatKey]: refusals } })),
  clearRefusals: (chatKey) =>
    set((s) => {
      if (!(chatKey in s.refusals)) return s;
      const refusals = { ...s.refusals };
      delete refusals[chatKey];
      return { refusals };
    }),
  setPanelOpen: (panelOpen) => set({ panelOpen }),
  markDeclined: (accountId, messageId) =>
    set((s) => ({ declined: { ...s.declined, [messageKey(accountId, messageId)]: true } })),
}));

/** The newest transfer of a message's file, if any. */
export function transferForMessage(
  s: Pick<FilesState, 'transfers' | 'byMessage'>,
  accountId: string,
  messageId: string,
): Transfer | undefined {
  const id = s.byMessage[messageKey(accountId, messageId)];
  return id === undefined ? undefined : s.transfers[id];
}

export function useTransferForMessage(accountId: string, messageId: string): Transfer | undefined {
  return useFiles((s) => transferForMessage(s, accountId, messageId));
}

export function activeCount(transfers: Record<string, Transfer>): number {
  let n = 0;
  for (const t of Object.values(transfers)) if (isActive(t)) n++;
  return n;
}

/** Newest first. */
export function sortedTransfers(transfers: Record<string, Transfer>): Transfer[] {
  return Object.values(transfers).sort((a, b) => b.createdAt - a.createdAt);
}

/** Uploads to this conversation not yet carried by a message (still going, or failed). */
export function pendingUploads(
  transfers: Record<string, Transfer>,
  accountId: string,
  peer: string,
): Transfer[] {
  return Object.values(transfers)
    .filter(
      (t) =>
        t.direction === 'upload' &&
        t.messageId === null &&
        t.accountId === accountId &&
        t.peer === peer &&
        (isActive(t) || t.state === 'failed'),
    )
    .sort((a, b) => a.createdAt - b.createdAt);
}
