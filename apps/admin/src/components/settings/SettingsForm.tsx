'use client';
import { Button, TextField } from '@omnicart/ui';
import { useActionState, useState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import type { SettingsFormValues, TaxRow } from '@/lib/settings/forms';
import { Outcome } from '../users/Outcome';
import styles from './SettingsForm.module.css';

interface Props {
  /** The saved settings, in the form's units. */
  initial: SettingsFormValues;
  /** IANA zones the browser may suggest (the server's Intl list). */
  timeZones: readonly string[];
  /** Staff without settings:write see the settings, not a form they cannot save. */
  readOnly: boolean;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
}

let nextRowKey = 0;
const keyed = (rows: TaxRow[]) => rows.map((row) => ({ ...row, key: nextRowKey++ }));

function rowsOf(state: FormState, initial: SettingsFormValues): TaxRow[] {
  if (state.status === 'error' && state.values?.taxRows) {
    try {
      return JSON.parse(state.values.taxRows) as TaxRow[];
    } catch {
      // fall through to the saved rows
    }
  }
  return initial.taxRows;
}

/** Store name, time zone, shipping and tax: one form, saved together with the version it was read at. */
export function SettingsForm({ initial, timeZones, readOnly, action }: Props) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  // What was typed after a refusal; the saved values otherwise.
  const shown = state.status === 'error' && state.values ? (state.values as unknown as Partial<SettingsFormValues>) : initial;
  const [rows, setRows] = useState(() => keyed(rowsOf(state, initial)));
  const errors = state.fieldErrors ?? {};

  const update = (key: number, patch: Partial<TaxRow>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const remove = (key: number) => setRows((current) => current.filter((row) => row.key !== key));
  const add = () => setRows((current) => [...current, ...keyed([{ country: '', percent: '' }])]);

  return (
    <form action={submit} className="stack-form" aria-labelledby="settings-title" noValidate>
      {/* The page re-renders with the saved settings after a save: the next save sends their version. */}
      <input type="hidden" name="version" value={initial.version} />
      <fieldset disabled={readOnly} className={styles.fieldset}>
        <legend className="oc-visually-hidden">Store settings</legend>
        <section className={styles.group} aria-labelledby="store-title">
          <h2 id="store-title" className="section-title">
            Store
          </h2>
          <TextField label="Store name" name="storeName" required autoComplete="organization" defaultValue={shown.storeName} error={errors.storeName} />
          <TextField
            label="Time zone"
            name="timeZone"
            required
            list="settings-time-zones"
            autoComplete="off"
            spellCheck={false}
            hint="An IANA time zone such as America/New_York or Europe/Berlin: the days of the dashboard and of the order date filters."
            defaultValue={shown.timeZone}
            error={errors.timeZone}
          />
          <datalist id="settings-time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </section>

        <section className={styles.group} aria-labelledby="shipping-title">
          <h2 id="shipping-title" className="section-title">
            Shipping
          </h2>
          <TextField
            label="Flat shipping (USD)"
            name="shippingFlat"
            inputMode="decimal"
            required
            autoComplete="off"
            hint="Charged once per order, like 4.99"
            defaultValue={shown.shippingFlat}
            error={errors.shippingFlat}
          />
          <TextField
            label="Free shipping from (USD)"
            name="freeShippingThreshold"
            inputMode="decimal"
            required
            autoComplete="off"
            hint="Orders whose subtotal reaches this ship free; 0 makes shipping always free"
            defaultValue={shown.freeShippingThreshold}
            error={errors.freeShippingThreshold}
          />
        </section>

        <section className={styles.group} aria-labelledby="tax-title">
          <h2 id="tax-title" className="section-title">
            Tax
          </h2>
          <p className="muted">Tax is charged on the subtotal plus shipping, at the rate of the destination country.</p>
          <TextField
            label="Default tax rate (%)"
            name="defaultTaxPercent"
            inputMode="decimal"
            required
            autoComplete="off"
            hint="For countries not listed below, like 0 or 7.25"
            defaultValue={shown.defaultTaxPercent}
            error={errors.defaultTaxPercent}
          />
          <div className="table-scroll">
            <table className={`data-table ${styles.taxTable}`}>
              <caption>Tax rate per country</caption>
              <thead>
                <tr>
                  <th scope="col">Country (ISO code)</th>
                  <th scope="col">Rate (%)</th>
                  {readOnly ? null : (
                    <th scope="col">
                      <span className="oc-visually-hidden">Remove</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={readOnly ? 2 : 3} className="muted">
                      No country rates: every order pays the default rate.
                    </td>
                  </tr>
                ) : (
                  rows.map((row, index) => (
                    <tr key={row.key}>
                      <td>
                        <TextField
                          id={`tax-country-${row.key}`}
                          label={`Country ${index + 1}`}
                          name="taxCountry"
                          value={row.country}
                          onChange={(event) => update(row.key, { country: event.target.value.toUpperCase() })}
                          maxLength={2}
                          autoComplete="off"
                          spellCheck={false}
                          error={errors[`taxRows.${index}.country`]}
                        />
                      </td>
                      <td>
                        <TextField
                          id={`tax-percent-${row.key}`}
                          label={`Rate of country ${index + 1} (%)`}
                          name="taxPercent"
                          value={row.percent}
                          onChange={(event) => update(row.key, { percent: event.target.value })}
                          inputMode="decimal"
                          autoComplete="off"
                          error={errors[`taxRows.${index}.percent`]}
                        />
                      </td>
                      {readOnly ? null : (
                        <td>
                          <Button type="button" variant="secondary" size="sm" aria-label={`Remove ${row.country || `country ${index + 1}`}`} onClick={() => remove(row.key)}>
                            Remove
                          </Button>
                        </td>
                      )}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          {errors.taxRows ? (
            <p className="oc-field__error" role="alert">
              {errors.taxRows}
            </p>
          ) : null}
          {readOnly ? null : (
            <div>
              <Button type="button" variant="secondary" onClick={add}>
                Add a country
              </Button>
            </div>
          )}
        </section>
      </fieldset>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      {readOnly ? null : (
        <div>
          <Button type="submit" loading={pending}>
            Save settings
          </Button>
        </div>
      )}
    </form>
  );
}
