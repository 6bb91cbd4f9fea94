import type { Show } from '@parley/contract';
import { consistentColor } from './consistent-color';
import { initials } from './names';
import { PresenceDot } from './PresenceDot';

interface AvatarProps {
  jid: string;
  label: string;
  size?: 'sm' | 'md' | 'lg';
  /** Shows a presence dot on the corner. */
  show?: Show;
}

/** Initials on the JID's XEP-0392 colour. */
export function Avatar({ jid, label, size = 'md', show }: AvatarProps) {
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ backgroundColor: consistentColor(jid) }}
      aria-hidden="true"
    >
      {initials(label)}
      {show && <PresenceDot show={show} className="avatar-dot" />}
    </span>
  );
}
