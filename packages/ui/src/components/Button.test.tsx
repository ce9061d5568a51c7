import { describe, expect, it } from 'vitest';
import { attr, render } from '../test-utils.js';
import { Button, LinkButton } from './Button.js';

describe('Button', () => {
  it('never submits a form by accident: type defaults to "button"', () => {
    const { tag } = render(<Button>Save</Button>);
    expect(attr(tag('button'), 'type')).toBe('button');
    expect(attr(tag('button'), 'class')).toBe('oc-button oc-button--primary oc-button--md');
  });

  it('keeps an explicit submit type, variant, size and extra class', () => {
    const { tag } = render(
      <Button type="submit" variant="danger" size="lg" className="mine">
        Delete
      </Button>,
    );
    expect(attr(tag('button'), 'type')).toBe('submit');
    expect(attr(tag('button'), 'class')).toBe('oc-button oc-button--danger oc-button--lg mine');
  });

  it('while loading is busy, disabled and shows a decorative spinner beside its label', () => {
    const { html, tag } = render(<Button loading>Place order</Button>);
    const button = tag('button');
    expect(attr(button, 'aria-busy')).toBe('true');
    expect(attr(button, 'disabled')).toBe('');
    expect(html).toContain('<span class="oc-spinner oc-spinner--sm" aria-hidden="true"></span>Place order');
  });

  it('is neither busy nor disabled when idle', () => {
    const { tag } = render(<Button>Pay</Button>);
    expect(attr(tag('button'), 'aria-busy')).toBeUndefined();
    expect(attr(tag('button'), 'disabled')).toBeUndefined();
  });
});

describe('LinkButton', () => {
  it('renders a plain link styled as a button', () => {
    const { tag } = render(
      <LinkButton href="/checkout" variant="secondary">
        Checkout
      </LinkButton>,
    );
    expect(attr(tag('a'), 'href')).toBe('/checkout');
    expect(attr(tag('a'), 'class')).toBe('oc-button oc-button--secondary oc-button--md');
  });

  it('renders through the link component given in `as`', () => {
    const AppLink = (props: { href: string; className?: string; children?: React.ReactNode }) => (
      <a data-app-link="" {...props} />
    );
    const { tag } = render(
      <LinkButton as={AppLink} href="/cart">
        Cart
      </LinkButton>,
    );
    expect(tag('a')).toContain('data-app-link');
    expect(attr(tag('a'), 'href')).toBe('/cart');
  });
});
