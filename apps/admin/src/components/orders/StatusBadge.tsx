import { Badge } from '@omnicart/ui';
import { STATUS_LABELS, STATUS_TONES } from '@/lib/orders/status';
import type { OrderStatus } from '@/lib/orders/types';

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
