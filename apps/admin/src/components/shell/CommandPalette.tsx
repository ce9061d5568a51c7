'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { PALETTE_KIND_LABELS, paletteQuery, type PaletteHit } from '@/lib/palette/search';
import type { Section } from '@/sections';
import styles from './AdminShell.module.css';

type SectionEntry = Pick<Section, 'id' | 'label' | 'href' | 'description'>;
/** A row of the list: a section, or a product, order or customer found by the entity search. */
interface Entry {
  key: string;
  label: string;
  detail: string;
  href: string;
  kind: string;
}

/** Typing pauses this long before the entity search runs (one request per pause, not per key). */
const SEARCH_DELAY_MS = 200;

/**
 * Go to a section, product, order or customer by typing: Ctrl+K / ⌘K or the "Go to…" button.
 * Sections match as you type (the sidebar's list); from two characters the admin's /api/search
 * looks up products, orders and customers the staff member may see, a few of each.
 */
export function CommandPalette({ sections }: { sections: SectionEntry[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [hits, setHits] = useState<PaletteHit[]>([]);
  const [searching, setSearching] = useState<'idle' | 'busy' | 'failed'>('idle');
  const listId = useId();
  const matches = useMemo<Entry[]>(() => {
    const q = query.trim().toLowerCase();
    const sectionRows = (q ? sections.filter((entry) => `${entry.label} ${entry.description}`.toLowerCase().includes(q)) : sections).map((entry) => ({
      key: `section-${entry.id}`,
      label: entry.label,
      detail: entry.description,
      href: entry.href,
      kind: 'Section',
    }));
    const entityRows = hits.map((hit) => ({ key: `${hit.kind}-${hit.id}`, label: hit.label, detail: hit.detail, href: hit.href, kind: PALETTE_KIND_LABELS[hit.kind] }));
    return [...sectionRows, ...entityRows];
  }, [query, sections, hits]);

  useEffect(() => {
    const q = paletteQuery(query);
    if (!q) {
      setHits([]);
      setSearching('idle');
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setSearching('busy');
      fetch(`/api/search?q=${encodeURIComponent(q)}`, { signal: abort.signal, headers: { accept: 'application/json' } })
        .then(async (response) => {
          if (!response.ok) throw new Error(`search answered ${response.status}`);
          const body = (await response.json()) as { hits: PaletteHit[]; unavailable: string[] };
          setHits(body.hits);
          setSearching(body.unavailable.length > 0 ? 'failed' : 'idle');
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) {
            console.warn('palette search failed', error);
            setSearching('failed');
          }
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  function open() {
    setQuery('');
    setActive(0);
    dialog.current?.showModal();
    input.current?.focus();
  }

  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        open();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function go(entry: Entry | undefined) {
    if (!entry) return;
    dialog.current?.close();
    router.push(entry.href);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(matches[active]);
    }
  }

  return (
    <>
      <button type="button" className="oc-button oc-button--secondary oc-button--sm" onClick={open} aria-keyshortcuts="Control+K Meta+K">
        Go to… <kbd className={styles.kbd}>Ctrl K</kbd>
      </button>
      <dialog ref={dialog} className={styles.palette} aria-label="Go to a page, product, order or customer">
        <label htmlFor={`${listId}-input`} className="oc-field__label">
          Go to a section, product, order or customer
        </label>
        <input
          ref={input}
          id={`${listId}-input`}
          className="oc-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={matches[active] ? `${listId}-${matches[active].key}` : undefined}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
        />
        <ul id={listId} role="listbox" aria-label="Matches" className={styles.paletteList}>
          {matches.map((entry, index) => (
            <li
              key={entry.key}
              id={`${listId}-${entry.key}`}
              role="option"
              aria-selected={index === active}
              className={styles.paletteOption}
              onClick={() => go(entry)}
              onMouseEnter={() => setActive(index)}
            >
              <span className={styles.paletteKind}>{entry.kind}</span> <strong>{entry.label}</strong> <span className="muted">{entry.detail}</span>
            </li>
          ))}
          {matches.length === 0 && searching !== 'busy' ? <li className="muted">Nothing matches “{query}”.</li> : null}
        </ul>
        <p className="muted" role="status" aria-live="polite">
          {searching === 'busy' ? 'Searching products, orders and customers…' : searching === 'failed' ? 'Some results could not be loaded; try again.' : ''}
        </p>
        <form method="dialog">
          <button type="submit" className="oc-button oc-button--ghost oc-button--sm">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
