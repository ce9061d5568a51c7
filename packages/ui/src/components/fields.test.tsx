import { describe, expect, it } from 'vitest';
import { attr, render } from '../test-utils.js';
import { Checkbox } from './Checkbox.js';
import { QuantityInput } from './QuantityInput.js';
import { SelectField } from './SelectField.js';
import { EmailField, TextField } from './TextField.js';

describe('TextField', () => {
  it('links its visible label to the input through an id derived from the name', () => {
    const { html, tag } = render(<TextField label="Email" name="email" type="email" />);
    expect(attr(tag('label'), 'for')).toBe('oc-field-email');
    expect(attr(tag('input'), 'id')).toBe('oc-field-email');
    expect(attr(tag('input'), 'name')).toBe('email');
    expect(attr(tag('input'), 'type')).toBe('email');
    expect(html).toContain('>Email</label>');
  });

  it('uses an explicit id for both label and input', () => {
    const { tag } = render(<TextField label="City" name="city" id="billing-city" />);
    expect(attr(tag('label'), 'for')).toBe('billing-city');
    expect(attr(tag('input'), 'id')).toBe('billing-city');
  });

  it('is valid and describes nothing without hint or error', () => {
    const { tag } = render(<TextField label="City" name="city" />);
    expect(attr(tag('input'), 'aria-invalid')).toBeUndefined();
    expect(attr(tag('input'), 'aria-describedby')).toBeUndefined();
  });

  it('marks an error as invalid and points aria-describedby at the hint and the message', () => {
    const { tag } = render(<TextField label="Postal code" name="postalCode" hint="5 digits" error="Enter a postal code" />);
    const input = tag('input');
    expect(attr(input, 'aria-invalid')).toBe('true');
    expect(attr(input, 'aria-describedby')).toBe('oc-field-postalCode-hint oc-field-postalCode-error');
    expect(attr(tag('p', 'oc-field__error'), 'id')).toBe('oc-field-postalCode-error');
    expect(attr(tag('p', 'oc-field__hint'), 'id')).toBe('oc-field-postalCode-hint');
  });

  it('keeps the caller’s own aria-describedby ids', () => {
    const { tag } = render(<TextField label="CVC" name="cvc" aria-describedby="cvc-help" error="Required" />);
    expect(attr(tag('input'), 'aria-describedby')).toBe('cvc-help oc-field-cvc-error');
  });

  it('shows a decorative asterisk when required and keeps the native required attribute', () => {
    const { tag, html } = render(<TextField label="Full name" name="name" required />);
    expect(attr(tag('input'), 'required')).toBe('');
    expect(html).toContain('<span class="oc-field__required" aria-hidden="true">*</span>');
    // The marker is outside the label, so the label's text is exactly the field's name.
    expect(html).toContain('<label class="oc-field__label" for="oc-field-name">Full name</label>');
  });

  it('EmailField is a required, labelled email input with autofill', () => {
    const { tag, html } = render(<EmailField value="" onChange={() => undefined} />);
    expect(html).toContain('<label class="oc-field__label" for="oc-field-email">Email</label>');
    expect(attr(tag('input'), 'type')).toBe('email');
    expect(attr(tag('input'), 'autoComplete')).toBe('email');
    expect(attr(tag('input'), 'required')).toBe('');
  });

  it('puts className on the input and fieldClassName on the wrapper', () => {
    const { tag } = render(<TextField label="A" name="a" className="wide" fieldClassName="col" />);
    expect(attr(tag('input'), 'class')).toBe('oc-input wide');
    expect(attr(tag('div'), 'class')).toBe('oc-field col');
  });
});

describe('SelectField', () => {
  it('labels the select, lists the options and wires the error', () => {
    const { html, tag } = render(
      <SelectField
        label="Country"
        name="country"
        placeholder="Choose a country"
        required
        options={[
          { value: 'US', label: 'United States' },
          { value: 'DE', label: 'Germany' },
        ]}
        defaultValue="DE"
        error="Choose a country"
      />,
    );
    expect(attr(tag('label'), 'for')).toBe('oc-field-country');
    expect(attr(tag('select'), 'id')).toBe('oc-field-country');
    expect(attr(tag('select'), 'aria-invalid')).toBe('true');
    expect(attr(tag('select'), 'aria-describedby')).toBe('oc-field-country-error');
    expect(html).toContain('<option value="" disabled="">Choose a country</option>');
    expect(html).toContain('<option value="DE" selected="">Germany</option>');
  });
});

describe('Checkbox', () => {
  it('labels the checkbox', () => {
    const { tag } = render(<Checkbox label="In stock only" name="inStock" defaultChecked />);
    expect(attr(tag('input'), 'type')).toBe('checkbox');
    expect(attr(tag('label'), 'for')).toBe(attr(tag('input'), 'id'));
    expect(attr(tag('input'), 'checked')).toBe('');
  });
});

describe('QuantityInput', () => {
  it('labels the number input and names the − / + buttons', () => {
    const { tag } = render(<QuantityInput name="quantity" value={2} onChange={() => {}} />);
    expect(attr(tag('label'), 'for')).toBe('oc-field-quantity');
    const input = tag('input');
    expect(attr(input, 'type')).toBe('number');
    expect(attr(input, 'value')).toBe('2');
    expect(attr(input, 'min')).toBe('1');
    expect(attr(input, 'max')).toBe('99');
    expect(attr(tag('button', 'Decrease'), 'aria-label')).toBe('Decrease quantity');
    expect(attr(tag('button', 'Increase'), 'aria-label')).toBe('Increase quantity');
    expect(attr(tag('button', 'Decrease'), 'type')).toBe('button');
  });

  it('disables − at the minimum and + at the maximum', () => {
    const atMin = render(<QuantityInput name="q" value={1} readOnly />);
    expect(attr(atMin.tag('button', 'Decrease'), 'disabled')).toBe('');
    expect(attr(atMin.tag('button', 'Increase'), 'disabled')).toBeUndefined();
    const atMax = render(<QuantityInput name="q" value={5} max={5} readOnly />);
    expect(attr(atMax.tag('button', 'Increase'), 'disabled')).toBe('');
  });

  it('can keep its label for screen readers only', () => {
    const { html } = render(<QuantityInput name="q" label="Quantity of Mug" hideLabel decrementLabel="Decrease Mug" />);
    expect(html).toContain('<span class="oc-visually-hidden">Quantity of Mug</span>');
    expect(html).toContain('aria-label="Decrease Mug"');
  });
});
