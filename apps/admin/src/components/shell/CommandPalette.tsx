'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Section } from '@/sections';
import styles from './AdminShell.module.css';

type Entry = Pick<Section, 'id' | 'label' | 'href' | 'description'>;

/** Go to a section by typing its name: Ctrl+K / ⌘K or the "Go to…" button; the same list as the sidebar. */
export function CommandPalette({ sections }: { sections: Entry[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? sections.filter((entry) => `${entry.label} ${entry.description}`.toLowerCase().includes(q)) : sections;
  }, [query, sections]);

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
      <dialog ref={dialog} className={styles.palette} aria-label="Go to a section">
        <label htmlFor={`${listId}-input`} className="oc-field__label">
          Go to a section
        </label>
        <input
          ref={input}
          id={`${listId}-input`}
          className="oc-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={matches[active] ? `${listId}-${matches[active].id}` : undefined}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
        />
        <ul id={listId} role="listbox" aria-label="Sections" className={styles.paletteList}>
          {matches.map((entry, index) => (
            <li
              key={entry.id}
              id={`${listId}-${entry.id}`}
              role="option"
              aria-selected={index === active}
              className={styles.paletteOption}
              onClick={() => go(entry)}
              onMouseEnter={() => setActive(index)}
            >
              <strong>{entry.label}</strong> <span className="muted">{entry.description}</span>
            </li>
          ))}
          {matches.length === 0 ? <li className="muted">No section matches “{query}”.</li> : null}
        </ul>
        <form method="dialog">
          <button type="submit" className="oc-button oc-button--ghost oc-button--sm">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
