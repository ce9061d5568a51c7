import { expect } from 'vitest';
import { DomainError } from '../runtime/errors.js';

/**
 * The DomainError a call failed with (not built into dist: see tsconfig.build.json); fails the
 * test when the call succeeds or throws anything else.
 */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the call to fail');
}
