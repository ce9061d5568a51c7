import { csvRow } from '../csv';
import type { User } from '../users/types';

export const CUSTOMER_CSV_HEADER = csvRow(['Customer id', 'Name', 'Email', 'Status', 'Created at']);

export function customerCsvRow(customer: User): string {
  return csvRow([customer.id, customer.name, customer.email, customer.disabled ? 'Disabled' : 'Active', customer.createdAt]);
}
