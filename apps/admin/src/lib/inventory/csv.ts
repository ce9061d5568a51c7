import { csvRow } from '../csv';
import type { StockLevel } from './types';

export const STOCK_CSV_HEADER = csvRow(['SKU', 'On hand', 'Reserved', 'Available', 'Low-stock threshold', 'Low on stock', 'Updated at']);

/** One SKU's stock as the table shows it; "Low on stock" when available is at or below the threshold. */
export function stockCsvRow(level: StockLevel): string {
  const low = level.available <= level.lowStockThreshold;
  return csvRow([level.sku, level.onHand, level.reserved, level.available, level.lowStockThreshold, low ? 'Yes' : 'No', level.updatedAt]);
}
