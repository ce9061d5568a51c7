import { Alert } from '@omnicart/ui';
import type { FormState } from '@/lib/forms';

/** A form's outcome: the success or the refusal, in words (inside the form's aria-live region). */
export function Outcome({ state }: { state: FormState }) {
  if (state.status === 'done' && state.message) return <Alert tone="success">{state.message}</Alert>;
  if (state.status === 'error' && state.message) return <Alert tone="error">{state.message}</Alert>;
  return null;
}
