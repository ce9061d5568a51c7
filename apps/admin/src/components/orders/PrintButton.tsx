'use client';

export function PrintButton() {
  return (
    <button type="button" className="oc-button oc-button--primary oc-button--sm" onClick={() => window.print()}>
      Print
    </button>
  );
}
