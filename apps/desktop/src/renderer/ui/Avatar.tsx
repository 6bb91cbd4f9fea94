import { useEffect, useState } from 'react';
import type { Show } from '@parley/contract';
import { hashOf, requestImage, useAvatars } from '../features/avatars/store';
import { consistentColor } from './consistent-color';
import { initials } from './names';
import { PresenceDot } from './PresenceDot';

interface AvatarProps {
  jid: string;
  label: string;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Shows a presence dot on the corner. */
  show?: Show;
}

/** Larger than any avatar we draw by far: a decoded image beyond it is refused (a bomb). */
export const MAX_AVATAR_DIMENSION = 4096;

/**
 * The address's picture (XEP-0084 / XEP-0153, cached by hash) over its initials on the JID's
 * XEP-0392 colour: the initials show while the image loads, and stay if it fails to decode or
 * is unreasonably large.
 */
export function Avatar({ jid, label, size = 'md', show }: AvatarProps) {
  const hash = useAvatars((s) => hashOf(s, jid));
  const image = useAvatars((s) => (hash ? s.images[hash] : undefined));
  const [shown, setShown] = useState<string | null>(null);
  const [broken, setBroken] = useState<string | null>(null);
  useEffect(() => {
    if (hash && !image) requestImage(hash);
  }, [hash, image]);
  const url = image?.state === 'ready' && broken !== image.url ? image.url : null;
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ backgroundColor: consistentColor(jid) }}
      aria-hidden="true"
      data-avatar-hash={url && shown === url ? hash : undefined}
    >
      {initials(label)}
      {url && (
        <img
          className={`avatar-image${shown === url ? ' loaded' : ''}`}
          src={url}
          alt=""
          draggable={false}
          onLoad={(e) => {
            const { naturalWidth: w, naturalHeight: h } = e.currentTarget;
            if (w > MAX_AVATAR_DIMENSION || h > MAX_AVATAR_DIMENSION) setBroken(url);
            else setShown(url);
          }}
          onError={() => setBroken(url)}
        />
      )}
      {show && <PresenceDot show={show} className="avatar-dot" />}
    </span>
  );
}
