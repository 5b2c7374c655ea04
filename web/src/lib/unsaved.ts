// Unsaved edits survive a stray click: forms with edits register here, and leaving the page (a link, the
// browser's reload or close) asks first. One registry for the whole app, because the router that has to ask
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

/** Marks the calling form's edits unsaved while `isDirty` holds. */
export function useUnsavedChanges(isDirty: boolean): void {
  const key = useId();
  useEffect(() => {
    if (!isDirty) return;
    dirty.add(key);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      dirty.delete(key);
      if (!hasUnsavedChanges()) window.removeEventListener('beforeunload', onBeforeUnload);
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
