'use client';
import { Button, FieldLabel, SelectField, TextField } from '@omnicart/ui';
import { useActionState, useCallback, useEffect, useRef, useState } from 'react';
import { campaignFormValues, PROMOTION_CODE_LABELS, SEGMENT_KINDS, SEGMENT_LABELS, type CampaignFormValues } from '@/lib/campaigns/forms';
import type { CampaignPromotionChoice, CategoryOption } from '@/lib/campaigns/types';
import { centsFromDecimal } from '@/lib/url-state';
import { money } from '@/lib/format';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import type { PreviewAnswer } from '@/server/campaign-actions';
import { Outcome } from '../users/Outcome';
import styles from './campaigns.module.css';

type Action = (previous: FormState, form: FormData) => Promise<FormState>;
type Preview = (fields: Record<string, string>) => Promise<PreviewAnswer>;

/** How long the form rests before the preview is asked for again. */
const PREVIEW_DEBOUNCE_MS = 400;

function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/** A textarea with the admin's label, hint and error association (the ui package has no textarea field). */
function BodyField({ defaultValue, error }: { defaultValue: string; error?: string | undefined }) {
  return (
    <div className={styles.field}>
      <FieldLabel htmlFor="campaign-body" required>
        Message (Markdown)
      </FieldLabel>
      <textarea
        id="campaign-body"
        name="bodyMarkdown"
        className="oc-input"
        rows={12}
        required
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'campaign-body-hint campaign-body-error' : 'campaign-body-hint'}
      />
      <p className="oc-field__hint" id="campaign-body-hint">
        **bold**, _italic_, ## headings, - lists and [links](https://…). Raw HTML is shown as text.
      </p>
      {error ? (
        <p className="oc-field__error" id="campaign-body-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Who receives it: one of the four kinds, and that kind's parameter. */
function SegmentFields({ values, categories, errors }: { values: CampaignFormValues; categories: readonly CategoryOption[]; errors: Record<string, string> }) {
  const [kind, setKind] = useState(values.segmentKind);
  const [amount, setAmount] = useState(values.amount);
  const cents = centsFromDecimal(amount.trim());
  return (
    <fieldset className={styles.segment} aria-describedby={errors.segmentKind ? 'campaign-segment-error' : undefined}>
      <legend className="oc-field__label">Who receives it</legend>
      <p className="oc-field__hint">Only customers who opted in to marketing e-mail, and among them:</p>
      {errors.segmentKind ? (
        <p className="oc-field__error" id="campaign-segment-error">
          {errors.segmentKind}
        </p>
      ) : null}
      {SEGMENT_KINDS.map((option) => (
        <label key={option} className={styles.choice}>
          <input type="radio" name="segmentKind" value={option} checked={kind === option} onChange={() => setKind(option)} />
          {SEGMENT_LABELS[option]}
        </label>
      ))}
      {kind === 'bought_in_category' ? (
        <SelectField label="Category" name="categoryId" required placeholder="Choose a category" options={[...categories]} defaultValue={values.categoryId} hint="Its sub-categories count too." error={errors.categoryId} />
      ) : null}
      {kind === 'no_order_in_days' ? (
        <TextField label="Days without an order" name="days" inputMode="numeric" autoComplete="off" required defaultValue={values.days} hint="Customers who never ordered count too." error={errors.days} />
      ) : null}
      {kind === 'spent_at_least' ? (
        <TextField
          label="Spent at least (USD)"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          required
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          hint={cents !== undefined && cents > 0 ? `${money(cents)} or more, net of refunds` : 'Dollars and cents, like 100 or 49.99'}
          error={errors.amount}
        />
      ) : null}
    </fieldset>
  );
}

/**
 * The promotion code it carries: none, a promotion's shared code, or a unique single-use code per
 * recipient (assigned when it goes out). `choices` null: the promotions could not be listed, so the
 * promotion's id is typed instead.
 */
function PromotionFields({ values, choices, errors }: { values: CampaignFormValues; choices: readonly CampaignPromotionChoice[] | null; errors: Record<string, string> }) {
  const [codes, setCodes] = useState(values.promotionCodes);
  const offered = (choices ?? []).filter((choice) => codes !== 'shared' || choice.code !== null);
  const options = offered.map((choice) => ({
    value: choice.id,
    label: `${choice.name} — ${choice.label}${codes === 'shared' && choice.code ? ` (${choice.code})` : ''}${choice.state === 'scheduled' ? ' · scheduled' : ''}`,
  }));
  return (
    <fieldset className={styles.segment} aria-describedby={errors.promotionCodes ? 'campaign-codes-error' : undefined}>
      <legend className="oc-field__label">Promotion code</legend>
      <p className="oc-field__hint">
        Write {'{{code}}'} in the subject or the message where the code goes; the e-mail also shows it in a box under the message.
      </p>
      {errors.promotionCodes ? (
        <p className="oc-field__error" id="campaign-codes-error">
          {errors.promotionCodes}
        </p>
      ) : null}
      {(['', 'shared', 'unique'] as const).map((option) => (
        <label key={option || 'none'} className={styles.choice}>
          <input type="radio" name="promotionCodes" value={option} checked={codes === option} onChange={() => setCodes(option)} />
          {PROMOTION_CODE_LABELS[option]}
        </label>
      ))}
      {codes && choices ? (
        <SelectField
          label="Promotion"
          name="promotionId"
          required
          placeholder={options.length ? 'Choose a promotion' : 'No running code promotion fits'}
          options={options}
          defaultValue={values.promotionId}
          hint={codes === 'unique' ? 'Each recipient gets one single-use code of it, once, when the campaign goes out. Previews show XXXXXXXXXX.' : 'Only promotions with a shared code.'}
          error={errors.promotionId}
        />
      ) : null}
      {codes && !choices ? (
        <TextField
          label="Promotion id"
          name="promotionId"
          required
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.promotionId}
          hint="The promotions could not be listed right now: paste the promotion's id."
          error={errors.promotionId}
        />
      ) : null}
    </fieldset>
  );
}

/** The live preview: the e-mail in a sandboxed frame (no scripts, no same-origin) and who it reaches. */
function LivePreview({ answer, pending }: { answer: PreviewAnswer | null; pending: boolean }) {
  return (
    <section className={`panel ${styles.preview}`} aria-labelledby="campaign-preview-title" aria-busy={pending}>
      <h2 id="campaign-preview-title" className="section-title">
        Preview
      </h2>
      <div aria-live="polite">
        {answer === null ? <p className="muted">{pending ? 'Rendering the preview…' : 'Fill in the subject and the message to see the e-mail.'}</p> : null}
        {answer?.ok ? (
          <p>
            <strong>
              Reaches {answer.preview.recipients.toLocaleString('en-US')} {answer.preview.recipients === 1 ? 'customer' : 'customers'} who opted in
            </strong>
          </p>
        ) : null}
        {answer && !answer.ok ? (
          <p className="oc-field__error" role="status">
            No preview: {answer.message}
          </p>
        ) : null}
      </div>
      {answer?.ok ? (
        <>
          <p className="muted">Subject: {answer.preview.subject}</p>
          <iframe className={styles.frame} title="The e-mail as customers will see it" sandbox="" srcDoc={answer.preview.html} referrerPolicy="no-referrer" />
        </>
      ) : null}
    </section>
  );
}

/**
 * Create or edit a campaign (a draft or a scheduled one): name, subject, the Markdown body, the
 * call to action and the segment, with the e-mail rendered beside it as the form changes.
 */
export function CampaignEditor({
  id,
  initial,
  categories,
  promotions,
  action,
  preview,
}: {
  id: string | null;
  initial: CampaignFormValues;
  categories: readonly CategoryOption[];
  /** The code promotions to choose from (null: they could not be listed). */
  promotions: readonly CampaignPromotionChoice[] | null;
  action: Action;
  preview: Preview;
}) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const values = state.status === 'error' && state.values ? campaignFormValues(state.values) : initial;
  const errors = state.fieldErrors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const asked = useRef(0);

  const refresh = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const ask = ++asked.current;
    const fields = fieldsOf(form);
    // Nothing written yet: the hint, not a refusal.
    if (!fields.subject?.trim() && !fields.bodyMarkdown?.trim()) {
      setAnswer(null);
      setPreviewing(false);
      return;
    }
    setPreviewing(true);
    preview(fields)
      .then((next) => {
        // Only the latest question's answer (an older one may come back later).
        if (ask === asked.current) setAnswer(next);
      })
      .catch(() => {
        if (ask === asked.current) setAnswer({ ok: false, message: 'the preview could not be rendered. Keep typing or try again.', fieldErrors: {} });
      })
      .finally(() => {
        if (ask === asked.current) setPreviewing(false);
      });
  }, [preview]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(refresh, PREVIEW_DEBOUNCE_MS);
  }, [refresh]);

  useEffect(() => {
    refresh();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  const round = state.status === 'done' ? 'saved' : 'form';
  return (
    <div className={styles.editor}>
      <form
        ref={formRef}
        action={submit}
        onChange={schedule}
        className="stack-form"
        aria-labelledby="campaign-form-title"
        noValidate
        key={round}
      >
        <h2 id="campaign-form-title" className="section-title">
          {id ? 'Content and audience' : 'New campaign'}
        </h2>
        {id ? <input type="hidden" name="id" value={id} /> : null}
        <TextField label="Name" name="name" required autoComplete="off" defaultValue={values.name} hint="For you and your team; customers do not see it." error={errors.name} />
        <TextField label="Subject" name="subject" required autoComplete="off" defaultValue={values.subject} error={errors.subject} />
        <BodyField defaultValue={values.bodyMarkdown} error={errors.bodyMarkdown} />
        <div className={styles.pair}>
          <TextField label="Button text" name="ctaLabel" autoComplete="off" hint="Optional: a call to action" defaultValue={values.ctaLabel} error={errors.ctaLabel} />
          <TextField label="Button link" name="ctaUrl" type="url" inputMode="url" autoComplete="off" spellCheck={false} hint="Like https://shop.example/sale" defaultValue={values.ctaUrl} error={errors.ctaUrl} />
        </div>
        <SegmentFields values={values} categories={categories} errors={errors} />
        <PromotionFields values={values} choices={promotions} errors={errors} />
        <div aria-live="polite">
          <Outcome state={state} />
        </div>
        <div>
          <Button type="submit" loading={pending}>
            {id ? 'Save draft' : 'Save as draft'}
          </Button>
        </div>
      </form>
      <LivePreview answer={answer} pending={previewing} />
    </div>
  );
}
