import { useCallback, useEffect, useState } from 'react';
import { restErrorText } from './reasons';

/** What a page shows of one server resource (`GET`), and how it changes it. */
export interface ServerState<T> {
  /** The resource as last read; null while loading. */
  data: T | null;
  /** The last failure as a sentence (`restErrorText`), or null. */
  error: string | null;
  /** True while a change is under way. */
  busy: boolean;
  /** Runs `action` (a write), then reads the resource again, so what the page shows is the server's answer. */
  change: (action: () => Promise<unknown>) => Promise<void>;
}

/** Loads a resource with `load` when one of `deps` changes (a route parameter, the session). */
export function useServerState<T>(load: () => Promise<T>, deps: readonly unknown[]): ServerState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // `load` is a new closure on every render; it is the same request as long as `deps` are the same.
  const read = useCallback(load, deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    setData(null);
    setError(null);
    read().then(setData, (e) => setError(restErrorText(e)));
  }, [read]);

  const change = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setData(await read());
    } catch (e) {
      setError(restErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { data, error, busy, change };
}
