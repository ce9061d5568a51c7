/**
 * Test-only fault injection for the crash-recovery test: with NODE_ENV=test and
 * ORDERS_CRASH_AT=<point>, the orders process dies at that point of the checkout saga as if
 * killed (exit code 137), leaving whatever was persisted for the recovery loop.
 */
export type CrashPoint =
  /** Stock reserved and the redemption reserved, no order yet (the stale key's recovery undoes both). */
  | 'after-reserve'
  /** The order exists, pending payment, and no charge was asked for (recovery abandons it). */
  | 'before-payment'
  | 'after-payment';

export function createCrashSwitch(env: { NODE_ENV: string; ORDERS_CRASH_AT?: string | undefined }): (point: CrashPoint) => void {
  const armed = env.NODE_ENV === 'test' ? env.ORDERS_CRASH_AT : undefined;
  return function crashIfArmed(point: CrashPoint): void {
    if (armed === point) process.exit(137);
  };
}
