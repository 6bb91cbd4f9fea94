import type { DirectRoute, Transfer, UploadService } from '@parley/contract';
import { useEffect, useState } from 'react';
import { getClient } from '../../app/client';
import { tFor } from '../../i18n';
import { formatBytes } from './format';

const t = tFor('files');

/** What the confirm step knows about sending peer to peer (XEP-0234) to this contact. */
export interface DirectOption {
  /** One of the contact's online devices takes files sent directly. */
  available: boolean;
  /**
   * Why the files can only go directly (in words), or null when the upload service takes them:
   * it is missing, or a file is larger than it accepts.
   */
  forcedBy: string | null;
}

const NONE: DirectOption = { available: false, forcedBy: null };

/** Why direct is the only way for these files, in words; null when the upload service will do. */
export function directReason(
  service: Pick<UploadService, 'available' | 'maxSize'> | null,
  files: readonly { name: string; size: number }[],
): string | null {
  if (!service?.available) {
    return t('Your server offers no file upload, so the file goes straight to the contact.');
  }
  const { maxSize } = service;
  const big = maxSize === null ? undefined : files.find((f) => f.size > maxSize);
  if (!big || maxSize === null) return null;
  return t(
    '{{name}} is {{size}}, more than your server takes ({{max}}), so it goes straight to the contact.',
    { name: big.name, size: formatBytes(big.size), max: formatBytes(maxSize) },
  );
}

/**
 * Asks once per open confirm step whether the contact takes direct files and what the upload
 * service takes. Rooms never (`enabled` false): a Jingle session has one peer.
 */
export function useDirectOption(
  accountId: string,
  peer: string,
  enabled: boolean,
  files: readonly { name: string; size: number }[],
): DirectOption {
  const [answers, setAnswers] = useState<{
    supported: boolean;
    service: UploadService | null;
  } | null>(null);
  useEffect(() => {
    setAnswers(null);
    if (!enabled) return undefined;
    let live = true;
    const client = getClient();
    // A failed question is a "no": the upload path and its own refusals stay as they were.
    const support = client
      .call('files.directSupport', { accountId, peer })
      .then((s) => s.supported === true)
      .catch(() => false);
    const service = client
      .call('files.uploadService', { accountId })
      .then((s): UploadService | null => s)
      .catch(() => null);
    void Promise.all([support, service]).then(([supported, svc]) => {
      if (live) setAnswers({ supported, service: svc });
    });
    return () => {
      live = false;
    };
  }, [accountId, peer, enabled]);
  if (!enabled || !answers?.supported) return NONE;
  return { available: true, forcedBy: directReason(answers.service, files) };
}

/**
 * The sender's side of a direct offer the contact has not accepted yet: it runs (the session is
 * open) but has no transport and no bytes. Before Accept nothing is negotiated.
 */
export function awaitingAccept(
  transfer: Pick<Transfer, 'direct' | 'direction' | 'state' | 'bytes'>,
): boolean {
  return (
    transfer.direction === 'upload' &&
    transfer.direct?.transport === null &&
    transfer.bytes === 0 &&
    (transfer.state === 'queued' || transfer.state === 'active')
  );
}

/** "Direct · data channel · end-to-end encrypted": how a direct transfer travels, in words. */
export function routeParts(route: DirectRoute): string[] {
  const transports: Record<NonNullable<DirectRoute['transport']>, string> = {
    webrtc: t('data channel'),
    socks5: t('SOCKS5'),
    ibb: t('in-band'),
  };
  const how = route.transport === null ? t('connecting…') : transports[route.transport];
  return [t('Direct'), how, ...(route.encrypted ? [t('end-to-end encrypted')] : [])];
}
