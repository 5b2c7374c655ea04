// While the API is unreachable: a banner, and a probe of /healthz every few seconds; once it answers, every
// query refetches.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setOnline, useOnline } from '../lib/connection';
import { API_BASE } from '../lib/api/client';

export function ConnectionBanner() {
  const online = useOnline();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (online) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const probe = async () => {
      try {
        const r = await fetch(`${API_BASE}/healthz`, { cache: 'no-store' });
        if (r.ok && !stopped) {
          setOnline(true);
          void queryClient.invalidateQueries();
          return;
        }
      } catch {
        // still down
      }
      if (!stopped) timer = setTimeout(probe, 3000);
    };
    timer = setTimeout(probe, 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [online, queryClient]);
  if (online) return null;
  return (
    <div role="status" className="banner">
      Connection to Rolf lost. Retrying…
    </div>
  );
}
