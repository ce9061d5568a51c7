'use client';
import { useEffect, useRef } from 'react';

const KEY_CHANGE_WINDOW_MS = 600;

/**
 * Progressive enhancement for a GET form with selects: choosing an option with the mouse or touch
 * submits at once, and Enter on a select submits. A change made with the arrow keys does NOT
 * submit (browsers fire "change" for every arrow press on a closed select, and moving focus or
 * the page on input would break keyboard use, WCAG 3.2.2): the form's visible button applies it.
 * Without JavaScript the button does everything.
 */
export function AutoSubmit() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const form = marker.current?.closest('form');
    if (!form) return;
    let lastKeyAt = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.target instanceof HTMLSelectElement)) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      lastKeyAt = Date.now();
    };
    const onChange = (event: Event) => {
      if (!(event.target instanceof HTMLSelectElement)) return;
      if (Date.now() - lastKeyAt < KEY_CHANGE_WINDOW_MS) return;
      form.requestSubmit();
    };
    form.addEventListener('keydown', onKeyDown);
    form.addEventListener('change', onChange);
    return () => {
      form.removeEventListener('keydown', onKeyDown);
      form.removeEventListener('change', onChange);
    };
  }, []);
  return <span ref={marker} hidden />;
}
