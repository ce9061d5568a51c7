'use client';
import { formatMoney } from '@omnicart/ui';
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import styles from './reports.module.css';

/**
 * The report charts (recharts). Each is a picture with a one-sentence summary (role="img",
 * aria-label); the numbers are in the table beside it, which the page always renders. The
 * previous period is a dashed line (style, not colour alone).
 */
const INK = '#4b5361';
const BLUE = '#1f4fd1';
const GREY = '#8a93a3';

export interface SeriesPoint {
  label: string;
  current: number;
  previous: number | null;
}

function formatValue(value: number, format: 'money' | 'count', currency: string): string {
  return format === 'money' ? formatMoney({ amount: Math.round(value), currency }) : Math.round(value).toLocaleString('en-US');
}

function axisValue(value: number, format: 'money' | 'count', currency: string): string {
  return format === 'money' ? formatValue(value, format, currency).replace(/\.00$/, '') : formatValue(value, format, currency);
}

/** A figure over time: the current period as an area, the previous period as a dashed line. */
export function TimeSeriesChart({
  points,
  summary,
  format,
  currency = 'USD',
  name,
  compare,
}: {
  points: SeriesPoint[];
  summary: string;
  format: 'money' | 'count';
  currency?: string;
  name: string;
  compare: boolean;
}) {
  return (
    <div className={styles.chart} role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d5d9e0" />
          <XAxis dataKey="label" tick={{ fill: INK, fontSize: 12 }} minTickGap={16} />
          <YAxis allowDecimals={format === 'money'} tickFormatter={(value: number) => axisValue(value, format, currency)} tick={{ fill: INK, fontSize: 12 }} width={76} />
          <Tooltip formatter={(value, key) => [formatValue(Number(value), format, currency), key === 'previous' ? 'Previous period' : name]} />
          {compare ? <Legend formatter={(key: string) => (key === 'previous' ? 'Previous period' : name)} /> : null}
          <Area type="monotone" dataKey="current" name="current" stroke={BLUE} fill="rgb(31 79 209 / 0.15)" strokeWidth={2} isAnimationActive={false} />
          {compare ? <Line type="monotone" dataKey="previous" name="previous" stroke={GREY} strokeDasharray="5 4" strokeWidth={2} dot={false} isAnimationActive={false} /> : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface BarPoint {
  label: string;
  value: number;
  previous?: number | null;
}

/** Ranked figures (top products, categories, shelves) as horizontal bars, the previous period beside them. */
export function RankedBarChart({
  bars,
  summary,
  format,
  currency = 'USD',
  name,
  compare,
  small,
}: {
  bars: BarPoint[];
  summary: string;
  format: 'money' | 'count';
  currency?: string;
  name: string;
  compare: boolean;
  small?: boolean;
}) {
  const height = Math.max(small ? 160 : 200, bars.length * (compare ? 34 : 26) + 40);
  return (
    <div style={{ width: '100%', height }} role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d5d9e0" />
          <XAxis type="number" allowDecimals={format === 'money'} tickFormatter={(value: number) => axisValue(value, format, currency)} tick={{ fill: INK, fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={150} tick={{ fill: INK, fontSize: 12 }} tickFormatter={(label: string) => (label.length > 22 ? `${label.slice(0, 21)}…` : label)} />
          <Tooltip formatter={(value, key) => [formatValue(Number(value), format, currency), key === 'previous' ? 'Previous period' : name]} />
          {compare ? <Legend formatter={(key: string) => (key === 'previous' ? 'Previous period' : name)} /> : null}
          <Bar dataKey="value" name="value" fill={BLUE} radius={[0, 3, 3, 0]} isAnimationActive={false} />
          {compare ? <Bar dataKey="previous" name="previous" fill={GREY} radius={[0, 3, 3, 0]} isAnimationActive={false} /> : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The funnel: one bar per step (sessions reaching it), the previous period beside it. */
export function FunnelChart({ steps, summary, compare }: { steps: { label: string; count: number; previous: number | null }[]; summary: string; compare: boolean }) {
  return (
    <div className={styles.chart} role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={steps} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d5d9e0" />
          <XAxis dataKey="label" tick={{ fill: INK, fontSize: 12 }} interval={0} />
          <YAxis tick={{ fill: INK, fontSize: 12 }} width={56} allowDecimals={false} />
          <Tooltip formatter={(value, key) => [Math.round(Number(value)).toLocaleString('en-US'), key === 'previous' ? 'Previous period' : 'Sessions']} />
          {compare ? <Legend formatter={(key: string) => (key === 'previous' ? 'Previous period' : 'Sessions')} /> : null}
          <Bar dataKey="count" name="count" fill={BLUE} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          {compare ? <Bar dataKey="previous" name="previous" fill={GREY} radius={[3, 3, 0, 0]} isAnimationActive={false} /> : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
