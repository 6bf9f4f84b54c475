// Without a boundary, a page whose code could not be fetched, or that threw
// while drawing, takes the whole app with it: a blank screen with the cart,
// the sync status and the menu gone. This keeps the rest on screen and says
// what happened and what to do.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { allowFailedLoadsAgain } from './lazy-retry.tsx';

interface Props {
  children: ReactNode;
  /** A new value (the page's path) clears the failure: the person went elsewhere. */
  resetKey?: string;
  /** Called by "Coba Lagi" before the children are drawn again. */
  onRetry?: () => void;
}

interface State {
  failed: boolean;
  error: unknown;
  key: string | undefined;
}

export class ChunkBoundary extends Component<Props, State> {
  override state: State = { failed: false, error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { failed: true, error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { failed: false, error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    allowFailedLoadsAgain();
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <LoadFailure
        error={this.state.error}
        onRetry={() => {
          this.props.onRetry?.();
          this.setState({ failed: false, error: null });
        }}
      />
    );
  }
}

/** What browsers say when a dynamic import's file could not be fetched (Chromium, Firefox, Safari). */
export function isChunkLoadError(e: unknown): boolean {
  return e instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(e.message);
}

function LoadFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  const chunk = isChunkLoadError(error);
  return (
    <section className="notice load-failure" role="alert" aria-labelledby="load-failure-title">
      <h2 id="load-failure-title">{chunk ? t('chunkFailedTitle') : t('renderFailedTitle')}</h2>
      <p>{chunk ? t('chunkFailedBody') : t('renderFailedBody', { detail: error instanceof Error ? error.message : String(error) })}</p>
      <button type="button" className="primary" onClick={onRetry}>
        {t('tryAgain')}
      </button>
    </section>
  );
}
