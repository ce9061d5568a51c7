'use client';
import { Button } from '@omnicart/ui';
import { useId, useState } from 'react';

/** A read-only value (an invitation link) and a button that copies it. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard (an http origin, a refused permission): select the text for Ctrl+C instead.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setCopied('no');
    }
  }
  return (
    <div className="oc-field">
      <label htmlFor={id} className="oc-field__label">
        {label}
      </label>
      <div className="oc-cluster" style={{ gap: 8, flexWrap: 'nowrap' }}>
        <input id={id} className="oc-input" type="text" readOnly value={value} onFocus={(event) => event.currentTarget.select()} style={{ flex: 1, minWidth: 0 }} />
        <Button type="button" variant="secondary" onClick={copy}>
          Copy
        </Button>
      </div>
      <p role="status" className="muted" style={{ margin: '4px 0 0' }}>
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Copying is not available here: the link is selected, press Ctrl+C (⌘C).' : ''}
      </p>
    </div>
  );
}
