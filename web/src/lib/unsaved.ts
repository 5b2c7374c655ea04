// Unsaved edits survive a stray click: forms with edits register here, and leaving the page (a link, the
// browser's Back or Forward, reload or close) asks first. One registry for the whole app, because the router that has to ask
// knows nothing about the forms.
import { useCallback, useEffect, useId } from 'react';
import { useBrowserLocation } from 'wouter/use-browser-location';

export const LEAVE_QUESTION = 'You have unsaved changes. Leave this page and lose them?';

const dirty = new Set<string>();

export function hasUnsavedChanges(): boolean {
  return dirty.size > 0;
}

/** True when nothing is unsaved or the user agrees to lose it; then the edits are forgotten. */
export function confirmLeave(ask: (question: string) => boolean = (q) => window.confirm(q)): boolean {
  if (!hasUnsavedChanges()) return true;
  if (!ask(LEAVE_QUESTION)) return false;
  dirty.clear();
  return true;
}

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (!hasUnsavedChanges()) return;
  // Browsers show their own wording; both calls are needed for the prompt across Chromium and Firefox.
  event.preventDefault();
  event.returnValue = '';
}

/** Where the app is, as the router last showed it: Back or Forward refused returns here. */
let shown = typeof window === 'undefined' ? '/' : window.location.href;

/** The browser's Back or Forward: the URL has already changed when this runs. Refused, the URL is put back and
 *  the router (whose own listener comes after this capturing one) never hears of it. */
function onPopState(event: PopStateEvent): void {
  if (confirmLeave()) {
    shown = window.location.href;
    return;
  }
  event.stopImmediatePropagation();
  window.history.pushState(null, '', shown);
}

/** Marks the calling form's edits unsaved while `isDirty` holds. */
export function useUnsavedChanges(isDirty: boolean): void {
  const key = useId();
  useEffect(() => {
    if (!isDirty) return;
    dirty.add(key);
    shown = window.location.href;
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('popstate', onPopState, { capture: true });
    return () => {
      dirty.delete(key);
      if (!hasUnsavedChanges()) {
        window.removeEventListener('beforeunload', onBeforeUnload);
        window.removeEventListener('popstate', onPopState, { capture: true });
      }
    };
  }, [key, isDirty]);
}

/** wouter's browser location, whose navigate asks before leaving unsaved edits (every <Link> goes through it). */
export function useGuardedLocation(): ReturnType<typeof useBrowserLocation> {
  const [location, navigate] = useBrowserLocation();
  const guarded = useCallback<typeof navigate>((to, options) => {
    if (confirmLeave()) navigate(to, options);
  }, [navigate]);
  return [location, guarded];
}
