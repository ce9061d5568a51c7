import 'server-only';
import { getRequestContext } from '../caller';
import type { EventPropsByType } from './events';
import { record } from './recorder';
import { requestOrigin } from './request-origin';

/**
 * A page view from a server component: `recordPageView('/products/x', { pageType: 'product', … })`.
 * Returns at once; the ids come from the proxy's request headers, the shopper's token from the
 * render's (cached) request context. Nothing here can fail the page.
 */
export function recordPageView(path: string, props: EventPropsByType['page_view']): void {
  void (async () => {
    const [origin, context] = await Promise.all([requestOrigin(path), getRequestContext()]);
    record({ origin, accessToken: context.accessToken, customerId: context.session?.id }, 'page_view', props);
  })().catch((error: unknown) => console.warn('analytics: page view not recorded', error instanceof Error ? error.message : error));
}
