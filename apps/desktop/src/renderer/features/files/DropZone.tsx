import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { stageFiles } from './staging';
import { useFiles } from './store';

/** Whether a drag carries files (not text or a link dragged from the page). */
export function dragHasFiles(data: Pick<DataTransfer, 'types'> | null | undefined): boolean {
  return data ? Array.from(data.types ?? []).includes('Files') : false;
}

interface DropZoneProps {
  accountId: string;
  peer: string;
  peerName: string;
  /** Why nothing can be sent here now; a drop then explains it instead of sending. */
  blocked?: string | null;
  className?: string;
  children: ReactNode;
}

/** Wraps a conversation: files dragged over it highlight it, dropped ones go to the confirm step. */
export function DropZone({
  accountId,
  peer,
  peerName,
  blocked = null,
  className = '',
  children,
}: DropZoneProps) {
  const { t } = useT('files');
  const [active, setActive] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when it really left.
  const depth = useRef(0);

  const onDragEnter = (e: DragEvent): void => {
    if (!dragHasFiles(e.dataTransfer)) return;
    e.preventDefault();
    depth.current++;
    setActive(true);
  };
  const onDragOver = (e: DragEvent): void => {
    if (!dragHasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = blocked ? 'none' : 'copy';
  };
  const onDragLeave = (e: DragEvent): void => {
    if (!dragHasFiles(e.dataTransfer)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setActive(false);
  };
  const onDrop = (e: DragEvent): void => {
    depth.current = 0;
    setActive(false);
    if (!dragHasFiles(e.dataTransfer)) return;
    e.preventDefault();
    const files = Array.from(e.dataTransfer.files ?? []);
    if (files.length === 0) return;
    if (blocked) {
      useFiles.getState().refuse(chatKey(accountId, peer), [{ name: null, reason: blocked }]);
      return;
    }
    stageFiles(accountId, peer, files);
  };

  return (
    <div
      className={`drop-zone ${className}`.trim()}
      data-testid="drop-zone"
      data-active={active}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {active && (
        <div className={`drop-overlay${blocked ? ' blocked' : ''}`} aria-hidden="true">
          <div className="drop-overlay-card">
            <Icon name={blocked ? 'warning' : 'upload'} size={28} />
            <span>
              {blocked ?? (
                <Trans
                  t={t}
                  i18nKey="Drop to send to <name>{{name}}</name>"
                  values={{ name: peerName }}
                  components={{ name: <bdi /> }}
                />
              )}
            </span>
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * Files dropped outside any drop zone do nothing (a browser would otherwise open the file in
 * place of the app). Install once, at the app's root.
 */
export function useFileDropGuard(): void {
  useEffect(() => {
    const guard = (e: globalThis.DragEvent): void => {
      if (e.defaultPrevented || !dragHasFiles(e.dataTransfer)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);
}
