import { useEffect, useRef, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';

// One socket per page, authenticated by the session cookie the browser sends with the handshake.
let socket: Socket | undefined;

export function liveSocket(): Socket {
  socket ??= io({ transports: ['websocket', 'polling'], withCredentials: true });
  return socket;
}

export function closeLive(): void {
  socket?.disconnect();
  socket = undefined;
}

/** Calls `handler` for each `event` while the component is mounted; the latest handler is used. */
export function useLiveEvent<T>(event: string, handler: (payload: T) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const s = liveSocket();
    const listener = (payload: T) => latest.current(payload);
    s.on(event, listener);
    return () => void s.off(event, listener);
  }, [event]);
}

/** Calls `handler` after each reconnection, to catch up what was missed while offline. */
export function useReconnect(handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const s = liveSocket();
    let connectedOnce = s.connected;
    const listener = () => {
      if (connectedOnce) latest.current();
      connectedOnce = true;
    };
    s.on('connect', listener);
    return () => void s.off('connect', listener);
  }, []);
}

export function useLiveStatus(): 'connected' | 'offline' {
  const [status, setStatus] = useState<'connected' | 'offline'>(() => (liveSocket().connected ? 'connected' : 'offline'));
  useEffect(() => {
    const s = liveSocket();
    const up = () => setStatus('connected');
    const down = () => setStatus('offline');
    s.on('ready', up);
    s.on('disconnect', down);
    s.on('connect_error', down);
    if (s.connected) up();
    return () => {
      s.off('ready', up);
      s.off('disconnect', down);
      s.off('connect_error', down);
    };
  }, []);
  return status;
}
