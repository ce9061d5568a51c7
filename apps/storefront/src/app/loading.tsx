import { Spinner } from '@omnicart/ui';

/** Shown while a page without its own loading state streams in; reserves the space it will take. */
export default function Loading() {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spinner label="Loading" />
    </div>
  );
}
