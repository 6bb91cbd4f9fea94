import type { PickedFile } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';
import { previewKind } from './format';

/** A file dropped, picked or pasted, waiting in the confirm step for Send or Cancel. */
export interface StagedFile {
  id: number;
  file: File | PickedFile;
  caption: string;
  /** A blob: URL of an image the page holds (a dropped or pasted one); null otherwise. */
  preview: string | null;
}

/** Files waiting per conversation: a confirm step is a person choosing, not a flood. */
export const MAX_STAGED = 20;

interface StagingState {
  byKey: Record<string, StagedFile[]>;
  /** Files the confirm step holds back: over MAX_STAGED, per conversation. */
  overflow: Record<string, number>;
  setCaption(key: string, id: number, caption: string): void;
  remove(key: string, id: number): void;
  clear(key: string): void;
}

let nextId = 1;

function previewOf(file: File | PickedFile): string | null {
  if (!(typeof File !== 'undefined' && file instanceof File)) return null;
  if (previewKind(file.type) !== 'image' || typeof URL.createObjectURL !== 'function') return null;
  try {
    return URL.createObjectURL(file);
  } catch {
    return null; // No preview is no reason not to send: the kind's icon shows instead.
  }
}

function release(files: readonly StagedFile[]): void {
  for (const f of files) if (f.preview) URL.revokeObjectURL(f.preview);
}

export const useStaging = create<StagingState>()((set) => ({
  byKey: {},
  overflow: {},
  setCaption: (key, id, caption) =>
    set((s) => {
      const files = s.byKey[key];
      if (!files) return {};
      return {
        byKey: { ...s.byKey, [key]: files.map((f) => (f.id === id ? { ...f, caption } : f)) },
      };
    }),
  remove: (key, id) =>
    set((s) => {
      const files = s.byKey[key] ?? [];
      release(files.filter((f) => f.id === id));
      const rest = files.filter((f) => f.id !== id);
      const byKey = { ...s.byKey };
      if (rest.length > 0) byKey[key] = rest;
      else delete byKey[key];
      return { byKey };
    }),
  clear: (key) =>
    set((s) => {
      release(s.byKey[key] ?? []);
      const byKey = { ...s.byKey };
      delete byKey[key];
      const overflow = { ...s.overflow };
      delete overflow[key];
      return { byKey, overflow };
    }),
}));

/**
 * Holds files for the confirm step (preview, name, size, caption; Send or Cancel), as Dino
 * and Gajim ask before sending. More files dropped while it is open join the same step.
 */
export function stageFiles(
  accountId: string,
  peer: string,
  files: readonly (File | PickedFile)[],
): void {
  if (files.length === 0) return;
  const key = chatKey(accountId, peer);
  useStaging.setState((s) => {
    const current = s.byKey[key] ?? [];
    const room = Math.max(0, MAX_STAGED - current.length);
    const added = files.slice(0, room).map((file) => ({
      id: nextId++,
      file,
      caption: '',
      preview: previewOf(file),
    }));
    const dropped = files.length - added.length;
    return {
      byKey: { ...s.byKey, [key]: [...current, ...added] },
      overflow:
        dropped > 0 ? { ...s.overflow, [key]: (s.overflow[key] ?? 0) + dropped } : s.overflow,
    };
  });
}
