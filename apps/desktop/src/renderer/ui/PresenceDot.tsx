import type { Show } from '@parley/contract';
import { SHOW_LABEL } from './names';

export function PresenceDot({ show, className = '' }: { show: Show; className?: string }) {
  return (
    <span
      className={`presence-dot presence-${show} ${className}`}
      role="img"
      aria-label={SHOW_LABEL[show]}
      title={SHOW_LABEL[show]}
      data-show={show}
    />
  );
}
