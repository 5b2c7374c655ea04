// Whether the API is reachable. Any request that fails at the network level marks it lost; the banner then
// polls /healthz and marks it back, and every query refetches.
import { useSyncExternalStore } from 'react';

let online = true;
const listeners = new Set<() => void>();

export function isOnline(): boolean {
  return online;
}

export function setOnline(value: boolean): void {
  if (online === value) return;
  online = value;
  listeners.forEach((l) => l());
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    isOnline,
    isOnline,
  );
}
