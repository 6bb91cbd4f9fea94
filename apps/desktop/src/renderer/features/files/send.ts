import type { OutgoingFile, PickedFile, Transfer, Transport } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { tFor } from '../../i18n';
import { useAccounts } from '../accounts/store';
import { chatKey } from '../ui/store';
import { formatBytes, previewKind } from './format';
import { useFiles, type Refusal } from './store';

/** Bytes the browser host may send of one file (the contract's base64 bound). */
export const BROWSER_MAX_BYTES = 64 * 1024 * 1024;
/** Files per files.send call (the contract's bound). */
const BATCH = 20;

const t = tFor('files');

/** The Electron preload's file functions; absent in a browser. */
interface FileBridge {
  /** A one-use grant for a dropped file that is on disk; null when it is not (a pasted image). */
  grantFile?(file: File): Promise<string | null>;
  /** Main's open dialog: grants for the files the user picked; null when cancelled. */
  pickFiles?(): Promise<PickedFile[] | null>;
  /** The same dialog, starting at a path the user typed (/sendfile PATH) for them to confirm. */
  pickFilesAt?(path: string): Promise<PickedFile[] | null>;
}

function fileBridge(win: Window): FileBridge | null {
  const bridge = win.parley as (Transport & FileBridge) | undefined;
  return bridge ?? null;
}

/**
 * A grant for a dropped file, when the Electron preload can vouch that it is on disk; else
 * null (the browser, a pasted image): its bytes are sent instead. Never a path: main keeps it.
 */
export async function grantFor(file: File, win: Window = window): Promise<string | null> {
  const bridge = fileBridge(win);
  if (typeof bridge?.grantFile !== 'function') return null;
  try {
    const grant = await bridge.grantFile(file);
    return typeof grant === 'string' && grant.length > 0 ? grant : null;
  } catch {
    return null;
  }
}

/** Whether the system's open dialog is main's (Electron) rather than the page's file input. */
export function canPickFiles(win: Window = window): boolean {
  return typeof fileBridge(win)?.pickFiles === 'function';
}

/**
 * Main's open dialog (Electron), at `at` when given (a typed path: the renderer never reads
 * it, main only opens the dialog there): the picked files as grants; [] when cancelled or failed.
 */
export async function pickFiles(win: Window = window, at?: string): Promise<PickedFile[]> {
  const bridge = fileBridge(win);
  if (typeof bridge?.pickFiles !== 'function') return [];
  try {
    if (at && typeof bridge.pickFilesAt === 'function') return (await bridge.pickFilesAt(at)) ?? [];
    return (await bridge.pickFiles()) ?? [];
  } catch {
    return [];
  }
}

/** The file's bytes as base64 (FileReader: native, and no string building here). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** Why this file can't go to a service taking at most maxSize bytes; null when it can. */
export function sizeProblem(size: number, maxSize: number | null): string | null {
  if (size === 0) return t('It is empty.');
  if (maxSize !== null && size > maxSize) {
    return t('It is {{size}}; your server takes files up to {{max}}.', {
      size: formatBytes(size),
      max: formatBytes(maxSize),
    });
  }
  return null;
}

/** A file ready to go: by grant (desktop) or by its bytes (browser, pasted images). */
type Prepared = { name: string; caption: string } & (
  { grant: string; file: File | null } | { grant: null; file: File }
);

async function toOutgoing(item: Prepared): Promise<OutgoingFile> {
  const name = item.name || 'file';
  // Sent by the backend as a text message right after the file's own.
  const caption = item.caption.trim() ? { caption: item.caption.trim() } : {};
  if (item.grant !== null) return { grant: item.grant, name, ...caption };
  return {
    name,
    mediaType: item.file.type || 'application/octet-stream',
    base64: await readBase64(item.file),
    ...caption,
  };
}

/** Granted files go twenty at a time; byte files one at a time (bounded memory and messages). */
function batches(items: Prepared[]): Prepared[][] {
  const out: Prepared[][] = [];
  const granted = items.filter((i) => i.grant !== null);
  for (let i = 0; i < granted.length; i += BATCH) out.push(granted.slice(i, i + BATCH));
  for (const item of items) if (item.grant === null) out.push([item]);
  return out;
}

function thumbnail(file: File): string | null {
  if (previewKind(file.type) !== 'image' || typeof URL.createObjectURL !== 'function') return null;
  return URL.createObjectURL(file);
}

/** The account's upload limit, or words saying why nothing can be uploaded now. */
async function uploadLimit(accountId: string): Promise<{ maxSize: number | null } | string> {
  try {
    const service = await getClient().call('files.uploadService', { accountId });
    if (service.available) return { maxSize: service.maxSize };
    return t(
      'Your server offers no file upload (HTTP File Upload), so files cannot be sent from this account.',
    );
  } catch (e) {
    return t('Files cannot be sent now: {{error}}', { error: errorText(e) });
  }
}

/**
 * Send files to a conversation: check the account's upload service and each file's size first
 * (refusing in words, before any upload), then hand them to the backend as grants (Electron:
 * dropped files, or picked in main's dialog) or bytes (browser). Refusals land in the files
 * slice under the conversation. `direct`: peer to peer to the contact (files.sendDirect), so no
 * upload service and no server limit apply.
 */
export async function sendFiles(
  accountId: string,
  peer: string,
  files: readonly (File | PickedFile)[],
  /** The words typed with each file in the confirm step, by position (none: no caption). */
  captions: readonly string[] = [],
  { direct = false }: { direct?: boolean } = {},
): Promise<Transfer[]> {
  const key = chatKey(accountId, peer);
  const store = useFiles.getState();
  store.clearRefusals(key);
  if (files.length === 0) return [];
  const refusals: Refusal[] = [];
  const refuseAll = (reason: string): Transfer[] => {
    useFiles.getState().refuse(key, [{ name: null, reason }]);
    return [];
  };

  const account = useAccounts.getState().accounts.find((a) => a.id === accountId);
  if (account && account.state !== 'online') {
    return refuseAll(t('The account is not connected; connect it to send files.'));
  }
  const client = getClient();
  let maxSize: number | null = null;
  if (!direct) {
    const limit = await uploadLimit(accountId);
    if (typeof limit === 'string') return refuseAll(limit);
    maxSize = limit.maxSize;
  }

  const accepted: Prepared[] = [];
  for (const [index, item] of files.entries()) {
    const caption = captions[index] ?? '';
    const problem = sizeProblem(item.size, maxSize);
    if (problem) {
      refusals.push({ name: item.name, reason: problem });
      continue;
    }
    if ('grant' in item) {
      accepted.push({ name: item.name, caption, grant: item.grant, file: null });
      continue;
    }
    const grant = await grantFor(item);
    if (grant !== null) {
      accepted.push({ name: item.name, caption, grant, file: item });
    } else if (item.size > BROWSER_MAX_BYTES) {
      refusals.push({
        name: item.name,
        reason: t(
          'It is {{size}}; in the browser Parley can send files up to {{max}}; use the desktop app for larger ones.',
          { size: formatBytes(item.size), max: formatBytes(BROWSER_MAX_BYTES) },
        ),
      });
    } else {
      accepted.push({ name: item.name, caption, grant: null, file: item });
    }
  }

  const sent: Transfer[] = [];
  for (const batch of batches(accepted)) {
    try {
      const outgoing = await Promise.all(batch.map(toOutgoing));
      const request = { accountId, peer, files: outgoing };
      const transfers = direct
        ? await client.call('files.sendDirect', request)
        : await client.call('files.send', request);
      transfers.forEach((transfer, i) => {
        useFiles.getState().upsert(transfer);
        const file = batch[i]?.file ?? null;
        const url = file ? thumbnail(file) : null;
        if (url) useFiles.getState().setThumbnail(transfer.id, url);
      });
      sent.push(...transfers);
    } catch (e) {
      for (const { name } of batch) {
        refusals.push({
          name,
          reason: t('It could not be sent: {{error}}', { error: errorText(e) }),
        });
      }
    }
  }
  if (refusals.length > 0) useFiles.getState().refuse(key, refusals);
  return sent;
}

/** Clipboard images (screenshots and the like), named so the recipient sees what they are. */
export function clipboardImages(data: DataTransfer | null, now = new Date()): File[] {
  if (!data) return [];
  const images = [...data.files].filter((f) => f.type.startsWith('image/'));
  return images.map((file, i) => {
    if (file.name && file.name !== 'image.png') return file;
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '.');
    const ext = file.type.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'png';
    const suffix = images.length > 1 ? ` (${i + 1})` : '';
    return new File([file], `Pasted image ${stamp}${suffix}.${ext}`, { type: file.type });
  });
}
