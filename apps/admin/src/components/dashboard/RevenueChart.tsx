'use client';
import { formatMoney } from '@omnicart/ui';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface DayRevenue {
  date: string;
  revenue: number;
  orders: number;
}

const money = (cents: number, currency: string) => formatMoney({ amount: Math.round(cents), currency });
const shortDate = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * Revenue per day as bars (one series: no colour to tell apart). The picture is hidden from screen
 * readers; the same figures are in the table beside it (page.tsx), which anyone can open.
 */
export function RevenueChart({ days, currency }: { days: DayRevenue[]; currency: string }) {
  return (
    <div style={{ width: '100%', height: 280 }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d5d9e0" />
          <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fill: '#4b5361', fontSize: 12 }} minTickGap={16} />
          <YAxis tickFormatter={(value: number) => money(value, currency).replace(/\.00$/, '')} tick={{ fill: '#4b5361', fontSize: 12 }} width={72} />
          <Tooltip
            formatter={(value) => [money(Number(value), currency), 'Revenue']}
            labelFormatter={(label) => shortDate(String(label))}
            cursor={{ fill: 'rgb(31 79 209 / 0.08)' }}
          />
          <Bar dataKey="revenue" name="Revenue" fill="#1f4fd1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
