import { Badge } from '@omnicart/ui';
import { STATE_LABELS, STATE_TONES } from '@/lib/messages/format';
import type { MessageState } from '@/lib/messages/types';

/** A message's delivery state in words (the colour only repeats it). */
export function MessageStateBadge({ state }: { state: MessageState }) {
  return <Badge tone={STATE_TONES[state]}>{STATE_LABELS[state]}</Badge>;
}
