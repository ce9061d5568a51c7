'use client';
import { useSyncExternalStore } from 'react';

const subscribe = () => () => undefined;

/**
 * False in the server HTML and until React has hydrated, true afterwards. Submit buttons of
 * script-driven forms stay disabled until then: a click that lands before hydration would
 * otherwise submit the bare HTML form (losing the click, or worse, putting fields in a URL).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
