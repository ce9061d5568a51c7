import { randomUUID } from 'node:crypto';
import { renderEmail } from '@omnicart/emails';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import type { CampaignOffers, CatalogFacts } from './clients.js';
import { PRIORITY } from './compose.js';
import type { Notifier } from './notifier.js';
import type { CampaignPromotion, CampaignRow, CampaignsRepository, CampaignStatus, NewMessage, Segment } from './repository.js';
import { signUnsubscribeToken } from './unsubscribe.js';

/**
 * Campaigns: a promotional e-mail (subject, Markdown body in the store's template, an optional
 * call to action) to a segment of the customers who opted in to marketing — all of them, those who
 * bought in a category (and its sub-categories), those with no order in N days, those who spent at
 * least X. Segments come from notifications' own read models (contacts, customers' paid orders and
 * purchases), never from other domains' tables. Sending honours consent at send time (the members
 * are read when it goes out, and the sender checks again per message) and the send queue's throttle
 * and priorities: order messages always go first. A campaign resumed after a crash writes no
 * message twice (one per campaign and recipient).
 *
 * A campaign may carry a promotion code: a shared one (the same for everyone), or unique codes —
 * each recipient's own single-use code, which promotions assigns once per (campaign, recipient)
 * however often a send is retried, so a resumed or concurrent send never gives anyone a second code.
 */

/** What staff write: the campaign's message, who it goes to and the promotion whose code it carries. */
export type CampaignInput = Pick<CampaignRow, 'name' | 'subject' | 'bodyMarkdown' | 'ctaLabel' | 'ctaUrl' | 'segment'> & {
  promotion: { promotionId: string; codes: CampaignPromotion['codes'] } | null;
};

export interface CampaignStatsDto {
  recipients: number;
  queued: number;
  sent: number;
  failed: number;
  bounced: number;
  suppressed: number;
  unsubscribed: number;
  /** Paid orders with its code, their totals and what the code took off; null without a promotion (or when promotions did not answer). */
  redemptions: number | null;
  revenue: number | null;
  discountCost: number | null;
}

type CampaignResults = Pick<CampaignStatsDto, 'redemptions' | 'revenue' | 'discountCost'>;
const NO_RESULTS: CampaignResults = { redemptions: null, revenue: null, discountCost: null };

export interface CampaignDto extends Omit<CampaignInput, 'promotion'> {
  promotion: CampaignPromotion | null;
  id: string;
  status: CampaignStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  stats: CampaignStatsDto;
}

/** Replaced by each recipient's own unsubscribe token (the body is rendered once per campaign). */
const TOKEN_PLACEHOLDER = 'OMNICART_UNSUBSCRIBE_TOKEN';
/** Replaced by each recipient's own code (unique codes); letters only, so Markdown leaves it alone. */
const CODE_PLACEHOLDER = 'OMNICARTRECIPIENTCODE';
/** What a preview and a test copy show where each recipient's own code will be (no code is used up). */
export const SAMPLE_CODE = 'XXXXXXXXXX';
const MEMBERS_PER_BATCH = 500;
const EDITABLE: readonly CampaignStatus[] = ['draft', 'scheduled'];

export function createCampaigns(deps: {
  campaigns: CampaignsRepository;
  catalog: CatalogFacts;
  offers: CampaignOffers;
  notifier: Notifier;
  unsubscribeKey: Buffer;
  maxAttempts: number;
  kick: () => void;
  now?: () => Date;
  onResultsUnavailable?: (error: unknown) => void;
}) {
  const { campaigns, notifier } = deps;
  const now = deps.now ?? (() => new Date());

  /** The category ids a segment matches (a category and its sub-categories); a 400 for an unknown category. */
  async function categoryIdsOf(segment: Segment): Promise<string[]> {
    if (segment.kind !== 'bought_in_category') return [];
    const family = await deps.catalog.categoryFamily(segment.categoryId);
    if (!family) throw new DomainError('VALIDATION_FAILED', 'segment.categoryId: no such category');
    return family.ids;
  }

  /**
   * The promotion staff chose, as promotions describes it now; a 400 for one that cannot go in an
   * e-mail (unknown, automatic, over, or shared codes of a promotion without a shared code).
   */
  async function promotionOf(choice: CampaignInput['promotion']): Promise<CampaignPromotion | null> {
    if (!choice) return null;
    const found = await deps.offers.promotion(choice.promotionId);
    if (!found) throw new DomainError('VALIDATION_FAILED', 'promotion.promotionId: no such promotion');
    if (found.kind !== 'code') throw new DomainError('VALIDATION_FAILED', 'promotion.promotionId: an automatic promotion applies by itself — choose a code promotion');
    if (found.state === 'expired' || found.state === 'inactive') {
      throw new DomainError('VALIDATION_FAILED', `promotion.promotionId: “${found.name}” is ${found.state === 'expired' ? 'over' : 'inactive'} — its codes would be refused at checkout`);
    }
    if (choice.codes === 'shared' && !found.code) throw new DomainError('VALIDATION_FAILED', 'promotion.codes: this promotion has no shared code — choose unique codes');
    return { promotionId: found.id, codes: choice.codes, name: found.name, label: found.label, code: choice.codes === 'shared' ? found.code : null, endsAt: found.endsAt };
  }

  /** The code block's data: the shared code, or `code` standing for each recipient's own. */
  function codeOf(promotion: CampaignPromotion | null, code: string) {
    if (!promotion) return null;
    return { code: promotion.codes === 'shared' ? promotion.code! : code, label: promotion.label, expiresAt: promotion.endsAt };
  }

  async function render(
    campaign: Pick<CampaignInput, 'subject' | 'bodyMarkdown' | 'ctaLabel' | 'ctaUrl'> & { promotion: CampaignPromotion | null },
    campaignId: string | null,
    code = SAMPLE_CODE,
  ) {
    const brand = await notifier.brand();
    const attribution = campaignId ? `&campaign=${campaignId}` : '';
    const rendered = await renderEmail(
      'campaign',
      { subject: campaign.subject, bodyMarkdown: campaign.bodyMarkdown, ctaLabel: campaign.ctaLabel, ctaUrl: campaign.ctaUrl, code: codeOf(campaign.promotion, code) },
      brand,
      { unsubscribeUrl: `${brand.storefrontUrl}/unsubscribe?token=${TOKEN_PLACEHOLDER}${attribution}` },
    );
    return { ...rendered, brand, attribution };
  }

  /**
   * Redemptions, revenue and discount cost of the campaigns that carry a promotion and went out
   * (promotions counts them); the others, or all when promotions does not answer, have none (null).
   */
  async function resultsOf(rows: readonly CampaignRow[]): Promise<Map<string, CampaignResults>> {
    const results = new Map<string, CampaignResults>();
    const asked = rows.filter((row) => row.promotion);
    for (const row of asked) results.set(row.id, row.startedAt ? NO_RESULTS : { redemptions: 0, revenue: 0, discountCost: 0 });
    const started = asked.filter((row) => row.startedAt);
    if (started.length === 0) return results;
    try {
      const answered = await deps.offers.results(
        started.map((row) => ({
          campaignId: row.id,
          sharedCode: row.promotion!.codes === 'shared' ? row.promotion!.code : null,
          since: row.promotion!.codes === 'shared' ? row.startedAt!.toISOString() : null,
        })),
      );
      for (const [id, found] of answered) results.set(id, found);
    } catch (error) {
      deps.onResultsUnavailable?.(error);
    }
    return results;
  }

  async function toDto(row: CampaignRow, stats?: { states: Record<string, number>; unsubscribed: number }, results?: CampaignResults): Promise<CampaignDto> {
    const found = stats ?? (await campaigns.stats([row.id])).get(row.id)!;
    const result = results ?? (await resultsOf([row])).get(row.id) ?? NO_RESULTS;
    const count = (state: string) => found.states[state] ?? 0;
    const recipients = Object.values(found.states).reduce((sum, n) => sum + n, 0);
    return {
      id: row.id,
      name: row.name,
      subject: row.subject,
      bodyMarkdown: row.bodyMarkdown,
      ctaLabel: row.ctaLabel,
      ctaUrl: row.ctaUrl,
      segment: row.segment,
      promotion: row.promotion,
      status: row.status,
      scheduledAt: row.scheduledAt?.toISOString() ?? null,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      stats: {
        recipients,
        queued: count('queued') + count('sending'),
        sent: count('sent'),
        failed: count('failed'),
        bounced: count('bounced'),
        suppressed: count('suppressed'),
        unsubscribed: found.unsubscribed,
        ...result,
      },
    };
  }

  async function existing(id: string): Promise<CampaignRow> {
    const row = await campaigns.find(id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such campaign');
    return row;
  }

  async function editable(id: string, from: readonly CampaignStatus[], patch: Parameters<CampaignsRepository['update']>[2], refusal: string): Promise<CampaignDto> {
    const updated = await campaigns.update(id, from, patch);
    if (updated) return toDto(updated);
    await existing(id); // 404 when there is none
    throw new DomainError('INVALID_STATE', refusal);
  }

  return {
    async create(actor: AuthUser, input: CampaignInput): Promise<CampaignDto> {
      await categoryIdsOf(input.segment);
      const promotion = await promotionOf(input.promotion);
      const row = await campaigns.create({ id: randomUUID(), ...input, promotion, status: 'draft', scheduledAt: null, createdBy: actor.id });
      return toDto(row);
    },

    async update(id: string, input: CampaignInput): Promise<CampaignDto> {
      await categoryIdsOf(input.segment);
      const promotion = await promotionOf(input.promotion);
      return editable(id, EDITABLE, { ...input, promotion }, 'This campaign has gone out (or was cancelled): it can no longer be changed');
    },

    /** The code promotions staff can attach (running or scheduled ones). */
    async promotions() {
      const items = await deps.offers.choices();
      return { items: items.map(({ id, name, label, state, code, endsAt }) => ({ id, name, label, state, code, endsAt })) };
    },

    async get(id: string): Promise<CampaignDto> {
      return toDto(await existing(id));
    },

    async list(page: number, pageSize: number): Promise<{ items: CampaignDto[]; total: number; page: number; pageSize: number }> {
      const { rows, total } = await campaigns.list((page - 1) * pageSize, pageSize);
      const [stats, results] = await Promise.all([campaigns.stats(rows.map((row) => row.id)), resultsOf(rows)]);
      return { items: await Promise.all(rows.map((row) => toDto(row, stats.get(row.id), results.get(row.id) ?? NO_RESULTS))), total, page, pageSize };
    },

    /** What it will look like, and how many it would reach now (a live preview while editing; nothing is saved). */
    async preview(input: CampaignInput): Promise<{ subject: string; html: string; text: string; recipients: number }> {
      const categoryIds = await categoryIdsOf(input.segment);
      const promotion = await promotionOf(input.promotion);
      const [rendered, recipients] = await Promise.all([render({ ...input, promotion }, null), campaigns.countMembers(input.segment, categoryIds)]);
      return { subject: rendered.subject, html: rendered.html, text: rendered.text, recipients };
    },

    /** One copy to one address (staff checking it), marked as a test; not counted in the campaign's stats. */
    async sendTest(id: string, email: string): Promise<{ queued: true; to: string }> {
      const campaign = await existing(id);
      const rendered = await render(campaign, null);
      const message: NewMessage = {
        id: randomUUID(),
        eventId: `campaign-test:${id}:${randomUUID()}`,
        eventType: 'notifications.campaign_test',
        template: 'campaign',
        channel: 'email',
        recipient: email.toLowerCase(),
        userId: null,
        orderId: null,
        kind: 'transactional',
        priority: PRIORITY.transactional,
        subject: `[Test] ${rendered.subject}`,
        html: rendered.html.replaceAll(TOKEN_PLACEHOLDER, 'test'),
        text: rendered.text.replaceAll(TOKEN_PLACEHOLDER, 'test'),
        headers: null,
        state: 'queued',
        lastError: null,
        maxAttempts: deps.maxAttempts,
      };
      await campaigns.enqueue([message], null);
      deps.kick();
      return { queued: true, to: email.toLowerCase() };
    },

    /** Send at `sendAt` (absent: now). A scheduled one can be moved. */
    async schedule(id: string, sendAt: Date | null): Promise<CampaignDto> {
      const at = sendAt ?? now();
      return editable(id, EDITABLE, { status: 'scheduled', scheduledAt: at }, 'This campaign has gone out (or was cancelled): it cannot be scheduled again');
    },

    async cancel(id: string): Promise<CampaignDto> {
      return editable(id, EDITABLE, { status: 'cancelled', scheduledAt: null }, 'This campaign is being sent or was sent: it can no longer be cancelled');
    },

    /**
     * The campaign job: takes a due campaign (or one a crashed replica left `sending`), writes one
     * message per member who opted in, in batches, and marks it sent. Resolves to the messages written.
     */
    async sendDue(): Promise<number> {
      const campaign = await campaigns.takeDue();
      if (!campaign) return 0;
      const categoryIds = await categoryIdsOf(campaign.segment).catch(() => ['00000000-0000-0000-0000-000000000000']);
      const unique = campaign.promotion?.codes === 'unique' ? campaign.promotion : null;
      const rendered = await render(campaign, campaign.id, CODE_PLACEHOLDER);
      let written = 0;
      let after: string | null = null;
      for (;;) {
        const members = await campaigns.membersPage(campaign.segment, categoryIds, after, MEMBERS_PER_BATCH);
        if (members.length === 0) break;
        after = members[members.length - 1]!.userId;
        // Each member's own code, assigned once: a resumed send gets the same codes back (a failure
        // here leaves the campaign `sending`, and the next round resumes it).
        const codes = unique ? await deps.offers.assignCodes(unique.promotionId, campaign.id, members.map((member) => member.userId)) : null;
        const personal = (part: string, member: { userId: string }) => (codes ? part.replaceAll(CODE_PLACEHOLDER, codes.get(member.userId)!) : part);
        const messages = members.map((member): NewMessage => {
          const token = encodeURIComponent(signUnsubscribeToken(deps.unsubscribeKey, { userId: member.userId, version: member.unsubscribeVersion }));
          return {
            id: randomUUID(),
            eventId: `campaign:${campaign.id}`,
            eventType: 'notifications.campaign_sent',
            template: 'campaign',
            channel: 'email',
            recipient: member.email,
            userId: member.userId,
            orderId: null,
            kind: 'marketing',
            priority: PRIORITY.marketing,
            subject: personal(rendered.subject, member),
            html: personal(rendered.html.replaceAll(TOKEN_PLACEHOLDER, token), member),
            text: personal(rendered.text.replaceAll(TOKEN_PLACEHOLDER, token), member),
            headers: {
              'List-Unsubscribe': `<${rendered.brand.storefrontUrl}/api/unsubscribe?token=${token}${rendered.attribution}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
            state: 'queued',
            lastError: null,
            maxAttempts: deps.maxAttempts,
          };
        });
        written += await campaigns.enqueue(messages, campaign.id);
        deps.kick();
      }
      await campaigns.finish(campaign.id);
      return written;
    },
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
