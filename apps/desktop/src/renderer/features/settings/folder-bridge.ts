import type { Transport } from '@parley/contract';

/** The Electron preload's folder dialog; absent in a browser. */
interface FolderBridge {
  /** Main's folder dialog: the chosen folder's path, or null when cancelled. */
  pickFolder?(): Promise<string | null>;
}

function bridge(win: Window): FolderBridge | null {
  return (win.parley as (Transport & FolderBridge) | undefined) ?? null;
}

/** Whether the system's folder dialog is at hand (Electron); a browser types the path. */
export function canPickFolder(win: Window = window): boolean {
  return typeof bridge(win)?.pickFolder === 'function';
}

/**
 * Main's folder dialog: the folder the user chose, or null. The backend checks it (an existing
 * folder it may write to) before it is stored, whoever names it.
 */
export async function pickFolder(win: Window = window): Promise<string | null> {
  const b = bridge(win);
  if (typeof b?.pickFolder !== 'function') return null;
  try {
    const picked = await b.pickFolder();
    return typeof picked === 'string' && picked.length > 0 ? picked : null;
  } catch {
    return null;
  }
}
