'use client';
import { Button, formatMoney } from '@omnicart/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import styles from './SearchBox.module.css';
import { SUGGEST_DEBOUNCE_MS, suggestQuery } from '@/lib/catalog/suggest';

/**
 * The header's product search: a plain GET form to /search (works without JavaScript) with an
 * ARIA 1.2 combobox on top. Suggestions are asked from the BFF (catalog.suggest) 200 ms after
 * typing stops, from 2 characters on. Arrow keys move through them, Enter opens the highlighted
 * product (or submits the search when none is highlighted), Escape closes the list.
 */
export function SearchBox() {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const statusId = `${id}-status`;
  const inputRef = useRef<HTMLInputElement>(null);

  const [text, setText] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  // Debounce: ask only once typing pauses.
  useEffect(() => {
    const next = suggestQuery(text);
    const timer = setTimeout(() => setQuery(next), next === null ? 0 : SUGGEST_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const suggestions = useQuery({
    ...trpc.catalog.suggest.queryOptions({ q: query ?? '' }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

  const items = query !== null ? (suggestions.data?.suggestions ?? []) : [];
  const expanded = open && items.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;
  const hrefOf = (slug: string) => `/products/${encodeURIComponent(slug)}`;

  // A new answer starts without a highlighted option.
  useEffect(() => setActive(-1), [suggestions.data]);

  function go(index: number) {
    const item = items[index];
    if (!item) return;
    setOpen(false);
    setActive(-1);
    router.push(hrefOf(item.slug));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        if (!items.length) return;
        event.preventDefault();
        setOpen(true);
        setActive((current) => (current + 1) % items.length);
        break;
      case 'ArrowUp':
        if (!items.length) return;
        event.preventDefault();
        setOpen(true);
        setActive((current) => (current <= 0 ? items.length - 1 : current - 1));
        break;
      case 'Enter':
        if (expanded && active >= 0) {
          event.preventDefault();
          go(active);
        }
        // Otherwise the form submits: /search?q=…
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          setText('');
        }
        break;
      default:
        break;
    }
  }

  const corrected = suggestions.data?.correctedQuery;
  const status =
    query === null || !open || suggestions.isFetching
      ? ''
      : items.length
        ? `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}${corrected ? ` for ${corrected}` : ''}. Use the up and down arrows to choose.`
        : 'No suggestions. Press Enter to search.';

  return (
    <form role="search" aria-label="Site search" action="/search" method="get" className={styles.form} onSubmit={() => setOpen(false)}>
      <label htmlFor={inputId} className="oc-visually-hidden">
        Search products
      </label>
      <div className={styles.field}>
        <input
          ref={inputRef}
          id={inputId}
          className={`oc-input ${styles.input}`}
          type="search"
          name="q"
          value={text}
          placeholder="Search products"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={statusId}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul id={listboxId} role="listbox" aria-label="Product suggestions" className={styles.listbox} hidden={!expanded}>
          {items.map((item, index) => (
            <li key={item.slug} role="presentation">
              <a
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                tabIndex={-1}
                href={hrefOf(item.slug)}
                className={styles.option}
                // Keep focus in the input; the click still follows the link.
                onMouseDown={(event) => event.preventDefault()}
                onClick={(event) => {
                  event.preventDefault();
                  go(index);
                }}
                onMouseMove={() => setActive(index)}
              >
                {item.image ? <img src={item.image} alt="" width={40} height={40} className={styles.thumb} /> : <span className={styles.thumb} />}
                <span className={styles.name}>{item.name}</span>
                <span className={styles.price}>{formatMoney(item.price)}</span>
              </a>
            </li>
          ))}
        </ul>
      </div>
      <Button type="submit" className={styles.submit}>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round">
          <circle cx="10.5" cy="10.5" r="6.5" />
          <path d="m15.5 15.5 5 5" />
        </svg>
        <span className="oc-visually-hidden">Search</span>
      </Button>
      <span id={statusId} className="oc-visually-hidden" aria-live="polite" aria-atomic="true">
        {status}
      </span>
    </form>
  );
}
