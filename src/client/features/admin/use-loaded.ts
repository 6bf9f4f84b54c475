import { useCallback, useEffect, useState } from 'react';

/** A list fetched from the server when the panel opens, with its error, and a way to fetch it again after a change. */
export function useLoaded<T>(fetch: () => Promise<T>): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    fetch().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [fetch]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
