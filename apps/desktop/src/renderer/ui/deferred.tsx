import {
  Component as ReactComponent,
  Suspense,
  use,
  type ComponentType,
  type ReactNode,
} from 'react';
import { useT } from '../i18n';

/**
 * What shows while a deferred piece's chunk loads (rarely seen: idle time preloads them):
 * - 'dialog': the dialog's dimmed overlay with a spinner, where the dialog will open;
 * - 'pane': a spinner filling the box the piece takes (the main pane, the first-run screen);
 * - 'inline': a spinner in the line, for a popover's content.
 * Each is a polite status with the words "Loading…", so a screen reader hears why nothing is
 * there yet; none takes a size the piece does not, so nothing jumps when it arrives.
 */
export type LoadingShape = 'dialog' | 'pane' | 'inline';

export function Loading({ shape }: { shape: LoadingShape }) {
  const { t } = useT('common');
  const words = <span className="visually-hidden">{t('Loading…')}</span>;
  const spinner = <span className="spinner" aria-hidden="true" />;
  if (shape === 'inline') {
    return (
      <span role="status" className="deferred-inline" data-testid="deferred-loading">
        {spinner}
        {words}
      </span>
    );
  }
  return (
    <div
      role="status"
      className={shape === 'dialog' ? 'dialog-overlay deferred-overlay' : 'deferred-pane'}
      data-testid="deferred-loading"
    >
      {spinner}
      {words}
    </div>
  );
}

/** A chunk that did not load (its files changed under a running app, a dropped connection). */
class ChunkMissing extends Error {}

/**
 * A chunk that fails to load leaves its piece out instead of taking the whole window down;
 * closing and opening it again tries again. Any other error passes on as before.
 */
class LoadFailure extends ReactComponent<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }
  override componentDidCatch(error: unknown): void {
    if (error instanceof ChunkMissing) console.error(error.message, error.cause);
  }
  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof ChunkMissing) return null;
    throw error;
  }
}

/** Every deferred chunk, in the order declared, for preloadDeferred. */
const loaders: Array<() => Promise<unknown>> = [];

export type DeferredComponent<P> = ComponentType<P> & {
  /** Loads the chunk (once; later calls share it). */
  preload(): Promise<unknown>;
};

/**
 * A component whose code is a chunk of its own, loaded the first time it is wanted (or by
 * preloadDeferred once the app is idle), so the startup does not parse what the first screen
 * does not show. `useOpen` (a hook, called on every render) says whether the piece shows now:
 * a closed dialog renders nothing and loads nothing. Once the chunk is in, the component is
 * rendered exactly as a static import would be, open or closed, with the same tree, so its
 * state and focus handling are the component's own.
 */
export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  {
    shape = 'dialog',
    useOpen = () => true,
  }: { shape?: LoadingShape; useOpen?: (props: P) => boolean } = {},
): DeferredComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw new ChunkMissing('a part of the app did not load', { cause: error });
      },
    ));
  loaders.push(preload);

  function Piece(props: P) {
    const Component = loaded ?? use(preload());
    return <Component {...props} />;
  }

  function Deferred(props: P) {
    const open = useOpen(props);
    if (!loaded && !open) return null;
    return (
      <LoadFailure>
        <Suspense fallback={<Loading shape={shape} />}>
          <Piece {...props} />
        </Suspense>
      </LoadFailure>
    );
  }
  return Object.assign(Deferred, { preload });
}

/**
 * Loads every deferred chunk, `first` ones first, one per idle period once the first screen has
 * painted: a piece opened later is then as quick as if it had been in the startup bundle, and
 * the loading never competes with the startup itself. Returns the cancel.
 */
export function preloadDeferred(
  first: ReadonlyArray<{ preload(): Promise<unknown> }> = [],
): () => void {
  // Chromium (the browser build and Electron) has idle callbacks; where there are none (jsdom in
  // unit tests) nothing is preloaded and each piece loads when used.
  if (typeof requestIdleCallback !== 'function') return () => undefined;
  const queue = [...first.map((piece) => piece.preload), ...loaders];
  let cancelled = false;
  const idle = (run: () => void): void => void requestIdleCallback(run, { timeout: 2_000 });
  const step = (): void => {
    const next = queue.shift();
    if (cancelled || !next) return;
    next()
      .catch((e: unknown) => console.warn('preload failed', e))
      .finally(() => idle(step));
  };
  idle(step);
  return () => {
    cancelled = true;
  };
}

/**
 * Every deferred piece loaded, including those declared in chunks loaded meanwhile: for tests
 * that render the app and expect a piece at once, as a static import would have it.
 */
export async function loadAllDeferred(): Promise<void> {
  for (let done = 0; done < loaders.length;) {
    const batch = loaders.slice(done);
    done = loaders.length;
    await Promise.all(batch.map((load) => load()));
  }
}
