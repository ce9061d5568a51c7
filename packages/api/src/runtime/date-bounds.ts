import { DomainError } from './errors.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A bound of a list's date filter (`from`, `to`): a day (UTC) or an ISO timestamp; anything else is a clear 400. */
export function dateBound(value: string | undefined, name: 'from' | 'to'): Date | null {
  if (value === undefined || value === '') return null;
  if (DAY.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) throw new DomainError('VALIDATION_FAILED', `${name}: ${value} is not a calendar date`);
    // `to` covers its whole day.
    return name === 'to' ? new Date(day.getTime() + DAY_MS) : day;
  }
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new DomainError('VALIDATION_FAILED', `${name}: expected a date YYYY-MM-DD or an ISO timestamp such as 2026-12-01T09:30:00Z`);
  }
  // An instant `to` is inclusive: the exclusive bound is the next millisecond.
  return name === 'to' ? new Date(instant.getTime() + 1) : instant;
}

