import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { markRead, notifications, type Notification, type Session } from './api';
import { useFrames } from './connection';
import { restErrorText } from './reasons';

// The notification inbox: `GET /notifications` when the session is (re)established (a session gets no missed
// `notification` on RESUME), then each live `notification` DISPATCH on top (docs/protocol.md, "User events").
interface Inbox {
  /** null until the first `GET /notifications` answered */
  items: Notification[] | null;
  unread: number;
  error: string | null;
  /** Marks every notification read (`POST /notifications/read` with the newest id). */
  markAllRead(): void;
}

const InboxContext = createContext<Inbox | null>(null);

export function InboxProvider({ session, children }: { session: Session; children: ReactNode }) {
  const [items, setItems] = useState<Notification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const known = useRef(new Set<string>());
  const load = useCallback(() => {
    notifications(session).then((page) => {
      known.current = new Set(page.items.map((x) => x.id));
      setItems(page.items);
      setUnread(page.unread_count);
      setError(null);
    }, (e) => setError(restErrorText(e)));
  }, [session]);
  useEffect(load, [load]);
  useFrames((f) => {
    if (f.op === 'READY' || f.op === 'RESUMED') load();
    if (f.op !== 'DISPATCH' || f.t !== 'notification') return;
    const n: Notification = { ...f.data, id: f.event_id, occurred_at: f.occurred_at, read: false };
    if (known.current.has(n.id)) return;
    known.current.add(n.id);
    setItems((all) => [n, ...(all ?? [])]);
    setUnread((u) => u + 1);
  }, [load]);
  const markAllRead = useCallback(() => {
    if (!items?.length) return;
    markRead(session, items[0].id).then((r) => {
      setUnread(r.unread_count);
      setItems((all) => all && all.map((x) => ({ ...x, read: true })));
    }, (e) => setError(restErrorText(e)));
  }, [session, items]);
  const value = useMemo(() => ({ items, unread, error, markAllRead }), [items, unread, error, markAllRead]);
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): Inbox {
  const inbox = useContext(InboxContext);
  if (!inbox) throw new Error('useInbox outside InboxProvider');
  return inbox;
}
