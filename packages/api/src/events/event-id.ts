// Event ids that sort in the order they were made (UUIDv7, RFC 9562 §5.7, with the 12-bit
// `rand_a` field as a counter: method 1 of §6.2). The outbox relay publishes `ORDER BY
// occurred_at, id`, and `occurred_at` is the transaction's start, shared by every event one
// transaction writes (and, at millisecond precision, by transactions in the same millisecond):
// random v4 ids made the relay publish e.g. `orders.status_changed` before the
// `orders.order_placed` it follows. PostgreSQL compares uuids bytewise, as these sort.
import { randomBytes } from 'node:crypto';

const COUNTER_LIMIT = 0x1000;

let lastMs = 0;
let counter = 0;

/** A new UUIDv7, strictly greater than every id this process made before (clock steps back included). */
export function timeOrderedUuid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    // A random start in the lower half leaves room for 2048+ ids in the millisecond.
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff;
  } else if (++counter >= COUNTER_LIMIT) {
    // Out of counter in this millisecond (or the clock stepped back): borrow the next one.
    lastMs += 1;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
