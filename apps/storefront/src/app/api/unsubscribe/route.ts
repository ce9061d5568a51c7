import { serviceStatus } from '@omnicart/bff';
import { anonymousServices } from '@/server/services';

/**
 * RFC 8058 one-click unsubscribe: the target of a marketing e-mail's `List-Unsubscribe` header,
 * which mail clients POST (`List-Unsubscribe=One-Click`) without a browser or a session. The token
 * is the link's; the notifications service checks its signature (a forged one is 400, nothing
 * changes). A GET (someone opened the header's URL) shows the page with the button instead.
 */
export const dynamic = 'force-dynamic';

function tokenOf(request: Request): string | null {
  const token = new URL(request.url).searchParams.get('token')?.trim();
  return token && token.length <= 300 ? token : null;
}

/** The campaign whose e-mail it was (its stats count the unsubscribe); anything malformed is ignored. */
function campaignOf(request: Request): string | undefined {
  const campaign = new URL(request.url).searchParams.get('campaign') ?? '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(campaign) ? campaign : undefined;
}

export async function POST(request: Request): Promise<Response> {
  const token = tokenOf(request);
  if (!token) return Response.json({ error: { code: 'VALIDATION_FAILED', message: 'token is required' } }, { status: 400 });
  try {
    const campaignId = campaignOf(request);
    const result = await anonymousServices.notifications.unsubscribe.mutate({ token, ...(campaignId ? { campaignId } : {}) });
    return Response.json(result, { status: 200 });
  } catch (error) {
    const status = serviceStatus(error);
    if (status === 400) return Response.json({ error: { code: 'VALIDATION_FAILED', message: 'This unsubscribe link is invalid' } }, { status: 400 });
    return Response.json({ error: { code: 'UNAVAILABLE', message: 'Unsubscribing is not possible right now; please try again' } }, { status: 503 });
  }
}

export function GET(request: Request): Response {
  const token = tokenOf(request);
  const page = new URL('/unsubscribe', request.url);
  if (token) page.searchParams.set('token', token);
  const campaignId = campaignOf(request);
  if (campaignId) page.searchParams.set('campaign', campaignId);
  return Response.redirect(page, 303);
}
