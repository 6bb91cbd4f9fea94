import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Account, Room } from '@parley/contract';
import { getClient } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { FormError } from '../../ui/FormFooter';
import { useDialogAction } from '../../ui/useDialogAction';
import { CENTRED, croppedPng, drawCrop, MAX_ZOOM, panBy, type CropView } from './crop';
import { hashOf, useAvatars } from './store';

const PREVIEW_PX = 192;
/** What the picker offers: the bitmap types contacts' clients can show. */
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';
/** A picked file larger than this is refused before decoding (the crop makes it small). */
const MAX_PICKED_BYTES = 20 * 1024 * 1024;

const t = tFor('avatars');

/** Decodes a picked or dropped file; refuses anything but a bitmap image. */
async function decode(file: File): Promise<HTMLImageElement> {
  if (!ACCEPT.split(',').includes(file.type)) {
    throw new Error(t('Choose a PNG, JPEG, WebP or GIF image.'));
  }
  if (file.size > MAX_PICKED_BYTES) throw new Error(t('That image is larger than 20 MB.'));
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } catch {
    throw new Error(t('That file could not be read as an image.'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Whose avatar the dialog changes: ours on one account, or a room's (its owners only). */
export type AvatarTarget =
  { kind: 'own'; account: Account } | { kind: 'room'; room: Room; title: string };

/** What the dialog says and does for a target. */
function describeTarget(target: AvatarTarget) {
  if (target.kind === 'own') {
    const { account } = target;
    return {
      jid: account.jid,
      title: t('Your avatar'),
      description: t('Shown to your contacts as {{jid}}.', { jid: account.jid }),
      ready: account.state === 'online',
      notReady: t('Connect the account to change its avatar.'),
      save: (base64: string) =>
        getClient()
          .call('avatars.own.set', { accountId: account.id, mime: 'image/png', base64 })
          .then(() => undefined),
      remove: () =>
        getClient()
          .call('avatars.own.remove', { accountId: account.id })
          .then(() => undefined),
    };
  }
  const { room, title } = target;
  const ref = { accountId: room.accountId, room: room.jid };
  return {
    jid: room.jid,
    title: t('Room avatar'),
    description: t('Shown to everyone in {{room}}.', { room: title }),
    ready: room.state === 'joined',
    notReady: t('Join the room to change its avatar.'),
    save: (base64: string) =>
      getClient()
        .call('avatars.room.set', { ...ref, mime: 'image/png', base64 })
        .then(() => undefined),
    remove: () =>
      getClient()
        .call('avatars.room.remove', ref)
        .then(() => undefined),
  };
}

/** Set (pick or drop, crop to a square) or remove our avatar, or a room's we own. */
export function AvatarDialog({
  target,
  open,
  onOpenChange,
}: {
  target: AvatarTarget;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  // The language is read when the texts are made: re-render with it.
  const { t } = useT('avatars');
  const about = describeTarget(target);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [view, setView] = useState<CropView>(CENTRED);
  const [dragging, setDragging] = useState<{ x: number; y: number } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const current = useAvatars((s) => hashOf(s, about.jid));
  const close = () => onOpenChange(false);
  const { busy, error, setError, run } = useDialogAction(close);
  const online = about.ready;

  useEffect(() => {
    if (!open) {
      setImage(null);
      setView(CENTRED);
      setError(null);
    }
  }, [open, setError]);

  useEffect(() => {
    if (image && canvas.current) drawCrop(canvas.current, image, view, PREVIEW_PX);
  }, [image, view]);

  const take = (file: File | undefined) => {
    if (!file) return;
    setError(null);
    decode(file)
      .then((decoded) => {
        setImage(decoded);
        setView(CENTRED);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    take(e.dataTransfer.files[0]);
  };

  const nudge = (e: KeyboardEvent) => {
    if (!image) return;
    const step = {
      ArrowLeft: [10, 0],
      ArrowRight: [-10, 0],
      ArrowUp: [0, 10],
      ArrowDown: [0, -10],
    }[e.key];
    if (!step) return;
    e.preventDefault();
    setView((v) => panBy(v, image.width, image.height, step[0]!, step[1]!, PREVIEW_PX));
  };

  const save = () =>
    run(async () => {
      if (!image) return;
      await about.save(await croppedPng(image, view));
    });

  const remove = () => run(about.remove);

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={about.title}
      description={about.description}
      testId="avatar-dialog"
    >
      <div className="avatar-editor" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        {image ? (
          <canvas
            ref={canvas}
            className={`avatar-crop${dragging ? ' dragging' : ''}`}
            width={PREVIEW_PX}
            height={PREVIEW_PX}
            tabIndex={0}
            role="img"
            aria-label={t('Crop preview. Drag or use the arrow keys to move the picture.')}
            data-testid="avatar-crop"
            onKeyDown={nudge}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              setDragging({ x: e.clientX, y: e.clientY });
            }}
            onPointerMove={(e) => {
              if (!dragging) return;
              setView((v) =>
                panBy(
                  v,
                  image.width,
                  image.height,
                  e.clientX - dragging.x,
                  e.clientY - dragging.y,
                  PREVIEW_PX,
                ),
              );
              setDragging({ x: e.clientX, y: e.clientY });
            }}
            onPointerUp={() => setDragging(null)}
          />
        ) : (
          <div className="avatar-drop" data-testid="avatar-drop">
            {current ? (
              <Avatar jid={about.jid} label={about.jid} size="xl" />
            ) : (
              <span className="avatar-placeholder" aria-hidden="true">
                <Icon name="image" size={48} />
              </span>
            )}
            <p className="muted">{t('Drop an image here, or choose one.')}</p>
          </div>
        )}
        {image && (
          <label className="avatar-zoom">
            {t('Zoom')}
            <input
              type="range"
              min={1}
              max={MAX_ZOOM}
              step={0.05}
              value={view.zoom}
              onChange={(e) => setView((v) => ({ ...v, zoom: Number(e.target.value) }))}
              data-testid="avatar-zoom"
            />
          </label>
        )}
        <label className="button avatar-pick">
          {image ? t('Choose another image…') : t('Choose image…')}
          <input
            type="file"
            accept={ACCEPT}
            className="visually-hidden"
            data-testid="avatar-file"
            onChange={(e) => {
              take(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {!online && <p className="muted">{about.notReady}</p>}
      <FormError error={error} testId="avatar-error" />
      <div className="form-actions">
        {current && !image && (
          <button
            type="button"
            className="button button-danger-quiet"
            disabled={busy || !online}
            onClick={remove}
            data-testid="avatar-remove"
          >
            {t('Remove avatar')}
          </button>
        )}
        <button type="button" className="button" onClick={close}>
          {t('Cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || !online || !image}
          onClick={save}
          data-testid="avatar-save"
        >
          {busy ? t('Saving…') : t('Save')}
        </button>
      </div>
    </Dialog>
  );
}
