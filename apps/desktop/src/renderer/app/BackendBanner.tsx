import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import type { BackendProcessState, ElectronBridge } from './transport';

/**
 * The backend process's state from the Electron preload; null in a browser (no process).
 * Kept in React state: the bridge hands out a fresh copy on every read (contextBridge).
 */
function useBackendState(bridge: ElectronBridge | undefined): BackendProcessState | null {
  const [state, setState] = useState(() => bridge?.backendState?.() ?? null);
  useEffect(() => {
    if (!bridge?.onBackendState) return undefined;
    setState(bridge.backendState?.() ?? null);
    return bridge.onBackendState((next) => setState(next));
  }, [bridge]);
  return state;
}

/**
 * Says when the backend process (Electron) stopped unexpectedly: restarted (what is shown was
 * reloaded; a command under way then may need doing again) or, after too many crashes in a
 * short while, not started again. While it restarts, the link banner says the link is down.
 */
export function BackendBanner({ bridge = window.parley }: { bridge?: ElectronBridge }) {
  const { t } = useT('common');
  const state = useBackendState(bridge);
  const [dismissed, setDismissed] = useState(0);
  if (state?.kind === 'failed') {
    return (
      <div className="link-banner" role="alert" data-testid="backend-failed">
        {state.message}
      </div>
    );
  }
  if (state?.kind !== 'running' || state.restarts === 0 || state.restarts === dismissed) {
    return null;
  }
  return (
    <div className="link-banner" role="status" data-testid="backend-restarted">
      <span>
        {t(
          'The Parley backend stopped unexpectedly and was restarted. Your conversations were reloaded; anything you were doing at that moment may need to be done again.',
        )}
      </span>
      <button type="button" onClick={() => setDismissed(state.restarts)}>
        {t('Dismiss')}
      </button>
    </div>
  );
}
