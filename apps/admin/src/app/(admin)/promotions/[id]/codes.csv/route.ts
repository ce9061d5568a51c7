import { promotionCodesCsvResponse } from '@/server/promotions';

export const dynamic = 'force-dynamic';

/** The promotion's codes (or one batch's, `?batchId=`) as CSV: promotions' file (server/promotions.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return promotionCodesCsvResponse(request, (await params).id);
}
