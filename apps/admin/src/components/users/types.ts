import type { FormState } from '@/lib/forms';

/** A server action as forms call it (useActionState). */
export type FormAction = (previous: FormState, form: FormData) => Promise<FormState>;
