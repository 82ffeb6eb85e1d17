import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Alert } from '@mantine/core';
import { Gateway, gatewayUrl, type Frame } from './gateway';
import type { Session } from './api';

// One WebSocket session per signed-in user, shared by every screen.
const GatewayContext = createContext<Gateway | null>(null);

export function GatewayProvider({ session, children }: { session: Session; children: ReactNode }) {
  const [gateway, setGateway] = useState<Gateway | null>(null);
  useEffect(() => {
    const g = new Gateway(gatewayUrl(), session.token, session.userId);
    setGateway(g);
    return () => g.close();
  }, [session.token, session.userId]);
  return gateway && <GatewayContext.Provider value={gateway}>{children}</GatewayContext.Provider>;
}

export function useGateway(): Gateway {
  const g = useContext(GatewayContext);
  if (!g) throw new Error('useGateway outside GatewayProvider');
  return g;
}

/** Calls `listener` with each frame while the component is mounted. */
export function useFrames(listener: (f: Frame) => void, deps: unknown[]) {
  const g = useGateway();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => g.onFrame(listener), [g, ...deps]);
}

/** The banner shown while the WebSocket is down; the gateway reconnects and resumes by itself. */
export function ConnectionBanner() {
  const g = useGateway();
  const state = useSyncExternalStore((l) => g.onState(l), () => g.state);
  if (g.fatal) {
    return <Alert color="red" title="Disconnected">The server refused this session ({g.fatal}). Sign in again.</Alert>;
  }
  if (state !== 'reconnecting') return null;
  return (
    <Alert color="yellow" title="Connection lost" role="status">
      Reconnecting… You stay in your room meanwhile.
    </Alert>
  );
}
