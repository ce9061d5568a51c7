/** A figure against the previous period, for people: an arrow and words, never colour alone. */
export interface Change {
  direction: 'up' | 'down' | 'flat' | 'none';
  /** ▲ ▼ or – (decorative: `text` says the same). */
  symbol: string;
  text: string;
}

export function changeBetween(current: number, previous: number): Change {
  if (previous === 0) {
    return current === 0 ? { direction: 'flat', symbol: '–', text: 'no change' } : { direction: 'none', symbol: '▲', text: 'up from nothing' };
  }
  const percent = ((current - previous) / previous) * 100;
  const rounded = Math.abs(percent) >= 10 ? Math.round(Math.abs(percent)).toString() : Math.abs(percent).toFixed(1);
  if (rounded === '0' || rounded === '0.0') return { direction: 'flat', symbol: '–', text: 'no change' };
  return percent > 0 ? { direction: 'up', symbol: '▲', text: `up ${rounded}%` } : { direction: 'down', symbol: '▼', text: `down ${rounded}%` };
}
