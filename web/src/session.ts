import { useCallback, useSyncExternalStore } from 'react';
import type { Session } from './api';

// The signed-in user, kept in localStorage so a reload keeps the session until the token expires.
const KEY = 'roomcast.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return s && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session | null) {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  current = s;
  listeners.forEach((l) => l());
}

export function useSession(): Session | null {
  const subscribe = useCallback((l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return useSyncExternalStore(subscribe, () => current);
}
