import { screenSources, type ScreenSource, type ScreenSources } from '@parley/contract';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { desktopBridge } from '../desktop/bridge';

/** Main's request as the contract allows it; anything else is answered "none" (refused). */
function checked(raw: unknown): ScreenSources | null {
  const parsed = screenSources.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function SourceButton({ source, onPick }: { source: ScreenSource; onPick(): void }) {
  return (
    <li>
      <button
        type="button"
        className="screen-source"
        data-testid={`screen-source-${source.id}`}
        onClick={onPick}
      >
        {source.thumbnail ? (
          <img src={source.thumbnail} alt="" />
        ) : (
          <span className="screen-source-empty" aria-hidden="true" />
        )}
        <span className="screen-source-name">{source.name}</span>
      </button>
    </li>
  );
}

/**
 * The desktop app's screen-share picker: main lists the screens and windows when the call's
 * page asks to share one (getDisplayMedia), the user picks one or cancels, main grants only
 * that. In a browser the browser's own picker does this, and this renders nothing.
 */
export function ScreenPicker() {
  const { t } = useT('calls');
  const [request, setRequest] = useState<ScreenSources | null>(null);
  const bridge = desktopBridge();
  useEffect(() => {
    if (!bridge?.onScreenSources) return;
    return bridge.onScreenSources((raw) => {
      const next = checked(raw);
      if (next) setRequest(next);
      else if (raw && typeof raw === 'object' && 'requestId' in raw) {
        bridge.screenChoice?.({ requestId: String(raw.requestId), sourceId: null });
      }
    });
  }, [bridge]);
  if (!request || !bridge) return null;
  const answer = (sourceId: string | null) => {
    bridge.screenChoice?.({ requestId: request.requestId, sourceId });
    setRequest(null);
  };
  const groups = [
    { kind: 'screen', label: t('Screens') },
    { kind: 'window', label: t('Windows') },
  ] as const;
  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => !open && answer(null)}
      title={t('Share your screen')}
      description={t('Choose what the other side sees.')}
      testId="screen-picker"
    >
      {groups.map(({ kind, label }) => {
        const sources = request.sources.filter((s) => s.kind === kind);
        if (sources.length === 0) return null;
        return (
          <section key={kind} className="screen-sources" aria-label={label}>
            <h3>{label}</h3>
            <ul>
              {sources.map((s) => (
                <SourceButton key={s.id} source={s} onPick={() => answer(s.id)} />
              ))}
            </ul>
          </section>
        );
      })}
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          data-testid="screen-picker-cancel"
          onClick={() => answer(null)}
        >
          {t('Cancel')}
        </button>
      </div>
    </Dialog>
  );
}
