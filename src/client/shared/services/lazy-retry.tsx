import { lazy, type ComponentType, type ReactNode } from 'react';

/** Bumped when a boundary has shown a failure: a page that failed before it loads afresh at its next render. */
let generation = 0;

/** Called by ChunkBoundary once it shows a failure, so "Coba Lagi" (or coming back to the page) fetches again. */
export function allowFailedLoadsAgain(): void {
  generation++;
}

/**
 * React.lazy that can be tried again. React keeps a failed import as the
 * component's answer for good, so a page whose chunk could not be fetched
 * (the first visit, offline before the service worker took the page) would
 * stay broken until a reload, and a reload offline on an uncontrolled page is
 * the browser's "no internet" screen. Here, once a boundary has shown the
 * failure, the next render starts a fresh fetch (from the precache once the
 * worker controls the page); React's own re-renders while it looks for the
 * boundary do not, so an offline page is not a storm of requests.
 *
 * `load` answers the component itself, not a module: `() => import('./Page.tsx').then((m) => m.Page)`.
 */
export function lazyRetry<C extends (props: never) => ReactNode>(load: () => Promise<C>): C {
  let failedAt: number | null = null;
  const fresh = () =>
    lazy(() =>
      load().then(
        (component) => ({ default: component as unknown as ComponentType<object> }),
        (e: unknown) => {
          failedAt = generation;
          throw e;
        },
      ),
    );
  let current = fresh();
  function LazyPage(props: object) {
    if (failedAt !== null && failedAt !== generation) {
      failedAt = null;
      current = fresh();
    }
    const Page = current;
    return <Page {...props} />;
  }
  return LazyPage as unknown as C;
}
