import { useEffect, useReducer } from 'react';
import { ApiError, profile, type Session } from './api';

// People's display names for the user ids the protocol and the hallway carry (`GET /users/{id}`, `display_name`),
// read once per page load and kept in a small cache. Names are user text: show them with `UserText`.

/** Names kept per page load; the oldest read goes first beyond this. */
const CACHE_SIZE = 500;
/** id → display name; the id itself for someone without a profile (404). */
const names = new Map<string, string>();
const pending = new Set<string>();
const waiting = new Set<() => void>();

function remember(id: string, name: string) {
  names.set(id, name);
  if (names.size > CACHE_SIZE) names.delete(names.keys().next().value!);
  waiting.forEach((w) => w());
}

function read(session: Session, id: string) {
  if (names.has(id) || pending.has(id)) return;
  pending.add(id);
  profile(session, id).then(
    (p) => remember(id, p.display_name),
    (e) => { if (e instanceof ApiError && e.status === 404) remember(id, id); },
  ).finally(() => pending.delete(id));
}

/**
 * The display names of `ids`, read as needed: the returned function gives a person's name, or their user id until
 * the name has come (and for good when they have no profile, or the read failed).
 */
export function useNames(session: Session, ids: readonly string[]): (id: string) => string {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const key = ids.join('\n');
  useEffect(() => {
    waiting.add(changed);
    ids.forEach((id) => read(session, id));
    return () => { waiting.delete(changed); };
  }, [session, key]);
  return (id) => names.get(id) ?? id;
}
