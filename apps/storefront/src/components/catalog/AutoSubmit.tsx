'use client';
import { useEffect, useRef } from 'react';

/**
 * Progressive enhancement for a GET form: submits it when one of its selects changes and hides
 * its submit button visually (still reachable by keyboard and screen readers). Without
 * JavaScript the form works with the visible button.
 */
export function AutoSubmit({ buttonClassName }: { buttonClassName: string }) {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const form = marker.current?.closest('form');
    if (!form) return;
    const onChange = (event: Event) => {
      if (event.target instanceof HTMLSelectElement) form.requestSubmit();
    };
    form.addEventListener('change', onChange);
    form.querySelector('[data-auto-submit-button]')?.classList.add(buttonClassName);
    return () => form.removeEventListener('change', onChange);
  }, [buttonClassName]);
  return <span ref={marker} hidden />;
}
