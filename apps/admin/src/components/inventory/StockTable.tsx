import { Badge } from '@omnicart/ui';
import Link from 'next/link';
import { dateTime } from '@/lib/format';
import type { StockLevel } from '@/lib/inventory/types';

export const isLowStock = (level: StockLevel): boolean => level.available <= level.lowStockThreshold;

/** SKUs with on hand, reserved, available and the low-stock threshold; each SKU links to its history and adjustment. */
export function StockTable({ levels, caption, compact = false }: { levels: StockLevel[]; caption: string; compact?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="oc-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            {compact ? null : (
              <>
                <th scope="col" className="num">
                  On hand
                </th>
                <th scope="col" className="num">
                  Reserved
                </th>
              </>
            )}
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              Low at
            </th>
            {compact ? null : <th scope="col">Updated</th>}
          </tr>
        </thead>
        <tbody>
          {levels.map((level) => (
            <tr key={level.sku}>
              <th scope="row">
                <Link href={`/inventory/${encodeURIComponent(level.sku)}`}>{level.sku}</Link>{' '}
                {isLowStock(level) ? <Badge tone={level.available <= 0 ? 'danger' : 'warning'}>{level.available <= 0 ? 'Out of stock' : 'Low'}</Badge> : null}
              </th>
              {compact ? null : (
                <>
                  <td className="num">{level.onHand}</td>
                  <td className="num">{level.reserved}</td>
                </>
              )}
              <td className="num">{level.available}</td>
              <td className="num">{level.lowStockThreshold}</td>
              {compact ? null : <td>{dateTime(level.updatedAt)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
