import type { OrdersRouter, PaymentsRouter } from '@omnicart/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the orders and payments routers (@omnicart/api). */
type OrdersOut = inferRouterOutputs<OrdersRouter>;
export type OrderDetail = OrdersOut['get'];
export type OrderSummary = OrdersOut['list']['items'][number];
export type OrderStatus = OrderSummary['status'];
export type ListOrdersInput = inferRouterInputs<OrdersRouter>['list'];
export type Payment = inferRouterOutputs<PaymentsRouter>['byOrder'];

/**
 * `orders.search` (GET /orders/search) and `orders.summary` (GET /orders/summary), as agreed with
 * the orders-admin branch. Declared here until they land on main: then these become
 * `inferRouterInputs/Outputs<OrdersRouter>['search' | 'summary']` and server/orders.ts's interim
 * fallback goes.
 */
export const ORDER_SORTS = ['created_desc', 'created_asc', 'total_desc', 'total_asc'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface OrdersSearchInput {
  q?: string;
  status?: OrderStatus;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive (the whole day). */
  to?: string;
  customerId?: string;
  /** Cents. */
  minTotal?: number;
  maxTotal?: number;
  sort?: OrderSort;
  page?: number;
  pageSize?: PageSize;
}

export interface OrdersSearchPage {
  items: OrderSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Totals {
  /** Cents. */
  revenue: number;
  orders: number;
  /** Cents. */
  averageOrderValue: number;
}

export interface OrdersSummary {
  timeZone: string;
  currency: 'USD';
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  today: Totals;
  current: Totals;
  previous: Totals;
  byDay: Array<{ date: string; revenue: number; orders: number }>;
  latestOrders: OrderSummary[];
}
