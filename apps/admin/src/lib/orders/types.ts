import type { OrdersRouter, PaymentsRouter } from '@omnicart/api';
import { ADMIN_PAGE_SIZES, type AdminPageSize } from '@omnicart/contracts';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the orders and payments routers (@omnicart/api). */
type OrdersIn = inferRouterInputs<OrdersRouter>;
type OrdersOut = inferRouterOutputs<OrdersRouter>;
export type OrderDetail = OrdersOut['get'];
export type OrderSummary = OrdersOut['list']['items'][number];
export type OrderStatus = OrderSummary['status'];
export type ListOrdersInput = OrdersIn['list'];
export type Payment = inferRouterOutputs<PaymentsRouter>['byOrder'];

/** `orders.search` (GET /orders/search) and `orders.summary` (GET /orders/summary). */
export type OrdersSearchInput = Exclude<OrdersIn['search'], void | undefined>;
export type OrdersSearchPage = OrdersOut['search'];
export type OrdersSummary = OrdersOut['summary'];
export type Totals = OrdersSummary['current'];

export type OrderSort = NonNullable<OrdersSearchInput['sort']>;
/** The sorts orders.search offers (the service's ORDER_SEARCH_SORTS; checked against the type). */
export const ORDER_SORTS = ['created_desc', 'created_asc', 'total_desc', 'total_asc'] as const satisfies readonly OrderSort[];
export const PAGE_SIZES = ADMIN_PAGE_SIZES;
export type PageSize = AdminPageSize;
