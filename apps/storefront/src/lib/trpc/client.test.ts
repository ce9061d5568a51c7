import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError } from './client';

describe('describeError', () => {
  it('shows the BFF’s message and field errors', () => {
    const error = new TRPCClientError('Your card was declined. Try another card.', {
      result: { error: { message: 'x', code: -32000, data: { httpStatus: 402, domainCode: 'PAYMENT_DECLINED', fieldErrors: { cardNumber: 'Declined' } } } },
    } as never);
    expect(describeError(error)).toEqual({
      message: 'Your card was declined. Try another card.',
      fieldErrors: { cardNumber: 'Declined' },
      domainCode: 'PAYMENT_DECLINED',
      httpStatus: 402,
    });
  });

  it('never shows a browser’s or parser’s own wording for a failed request', () => {
    expect(describeError(new TRPCClientError('Failed to fetch')).message).toBe('We could not reach the shop. Check your connection and try again.');
    expect(describeError(new TRPCClientError("Unexpected token '<', \"<html>\" is not valid JSON")).message).not.toMatch(/token/);
    expect(describeError(null).message).toBe('Something went wrong. Please try again.');
  });
});
