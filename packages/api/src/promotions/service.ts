import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { auditChanges } from '@omnicart/contracts';
import { outboxEvent } from '../events/index.js';
import { auditEvent } from '../runtime/audit.js';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import type { CategoryTree } from './clients.js';
import { promotionChanged, promotionsAudit } from './events.js';
import {
  computeDiscounts,
  labelOf,
  normaliseCode,
  type AppliedDiscount,
  type CategoryAncestry,
  type CodeChoice,
  type DiscountOutcome,
  type OrderLine,
  type PromotionRule,
  type Refusal,
  type RefusalReason,
  type Scope,
} from './models/discount.js';
import { storeTimeToInstant } from './models/store-time.js';
import type { CodeRow, NewPromotion, PromotionRow, PromotionStatsRow, PromotionsRepository } from './repository.js';
import {
  CODE_PATTERN,
  type AppliedDto,
  type AssignCodesInput,
  type AssignedCodesDto,
  type CampaignPromotionDto,
  type CampaignResultsDto,
  type CampaignStatsInput,
  type CodeBatchDto,
  type CreatePromotionInput,
  type EvaluateInput,
  type EvaluationDto,
  type ListPromotionsInput,
  type LivePromotionDto,
  type PromotionDto,
  type PromotionPage,
  type PromotionState,
  type ReserveInput,
  type UpdatePromotionInput,
} from './schemas.js';

export interface PromotionsServiceOptions {
  repository: PromotionsRepository;
  categories: CategoryTree;
  storeTimeZone: string;
  logger: Logger;
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
  now?: () => Date;
}

/** What a paid order tells promotions (orders.order_paid). */
export interface PaidOrder {
  orderId: string;
  total: number;
  discounts: { promotionId: string; amount: number }[];
}

/** What the audit trail records of a promotion's changes. */
const AUDITED_FIELDS = ['name', 'kind', 'discountType', 'value', 'scope', 'categoryIds', 'productIds', 'minSubtotal', 'startsAt', 'endsAt', 'usageLimit', 'perCustomerLimit', 'active', 'code'] as const;

const EMPTY_STATS: PromotionStatsRow = { redemptions: 0, reserved: 0, revenue: 0, discountCost: 0 };
/** Unique codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L): 31^10 ≈ 8·10^14 per prefix. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;

function stateOf(row: Pick<PromotionRow, 'active' | 'startsAt' | 'endsAt'>, now: Date): PromotionState {
  if (!row.active) return 'inactive';
  if (row.startsAt && now < row.startsAt) return 'scheduled';
  if (row.endsAt && now >= row.endsAt) return 'expired';
  return 'active';
}

function randomCode(prefix: string): string {
  const bytes = randomBytes(CODE_LENGTH * 2);
  let code = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  for (let i = 0; i < bytes.length && code.length < CODE_LENGTH; i++) {
    const byte = bytes[i]!;
    if (byte < 248) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  while (code.length < CODE_LENGTH) code += CODE_ALPHABET[randomBytes(1)[0]! % CODE_ALPHABET.length];
  return prefix ? `${prefix}-${code}` : code;
}

/** The message a shopper sees for a limit the reservation hit. */
function limitMessage(reason: RefusalReason, singleUse: boolean): string {
  if (reason === 'already_used') return 'You have already used this code';
  if (reason === 'expired') return 'This code has expired';
  return singleUse ? 'This code has already been used' : 'This code has reached its usage limit';
}

/** The logic of promotions, framework-free (throws DomainError; never builds HTTP answers). */
export function createPromotionsService(options: PromotionsServiceOptions) {
  const { repository, categories, storeTimeZone, logger } = options;
  const outboxWritten = options.outboxWritten ?? (() => undefined);
  const now = options.now ?? (() => new Date());

  function toDto(row: PromotionRow, stats: PromotionStatsRow | undefined, at: Date): PromotionDto {
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      discountType: row.discountType,
      percentOff: row.discountType === 'percent' ? row.value / 100 : null,
      amountOff: row.discountType === 'fixed' ? row.value : null,
      scope: row.scope,
      categoryIds: [...(row.categoryIds ?? [])],
      productIds: [...(row.productIds ?? [])],
      minSubtotal: row.minSubtotal,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt?.toISOString() ?? null,
      usageLimit: row.usageLimit,
      perCustomerLimit: row.perCustomerLimit,
      used: row.used,
      active: row.active,
      state: stateOf(row, at),
      code: row.code,
      codeCount: row.codeCount,
      label: labelOf(row),
      stats: stats ?? EMPTY_STATS,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function requirePromotion(id: string): Promise<PromotionRow> {
    const row = await repository.find(id);
    if (!row) throw new DomainError('NOT_FOUND', `Promotion ${id} not found`);
    return row;
  }

  async function detail(id: string): Promise<PromotionDto> {
    const row = await requirePromotion(id);
    return toDto(row, (await repository.statsOf([id])).get(id), now());
  }

  /** The value column from the input (percent → basis points), checked against the discount type. */
  function valueOf(discountType: string, input: { percentOff?: number | null | undefined; amountOff?: number | null | undefined }): number {
    if (discountType === 'percent') {
      if (input.percentOff == null) throw new DomainError('VALIDATION_FAILED', 'percentOff: required for a percentage discount');
      if (input.amountOff != null) throw new DomainError('VALIDATION_FAILED', 'amountOff: only for a fixed-amount discount');
      return Math.round(input.percentOff * 100);
    }
    if (discountType === 'fixed') {
      if (input.amountOff == null) throw new DomainError('VALIDATION_FAILED', 'amountOff: required for a fixed-amount discount');
      if (input.percentOff != null) throw new DomainError('VALIDATION_FAILED', 'percentOff: only for a percentage discount');
      return input.amountOff;
    }
    if (input.percentOff != null || input.amountOff != null) throw new DomainError('VALIDATION_FAILED', 'Free shipping takes neither percentOff nor amountOff');
    return 0;
  }

  function checkScope(scope: Scope, categoryIds: readonly string[], productIds: readonly string[]): void {
    if (scope === 'categories' && categoryIds.length === 0) throw new DomainError('VALIDATION_FAILED', 'categoryIds: choose at least one category for a category promotion');
    if (scope === 'products' && productIds.length === 0) throw new DomainError('VALIDATION_FAILED', 'productIds: choose at least one product for a product promotion');
  }

  function checkWindow(startsAt: Date | null, endsAt: Date | null): void {
    if (startsAt && endsAt && endsAt <= startsAt) throw new DomainError('VALIDATION_FAILED', 'endsAt: must be after startsAt');
  }

  const instant = (value: string | null | undefined) => (value ? storeTimeToInstant(value, storeTimeZone) : null);

  function changed(row: { id: string; name: string; kind: 'code' | 'automatic'; discountType: PromotionRule['discountType']; value: number; active: boolean }, action: 'created' | 'updated' | 'codes_generated', actor: AuthUser) {
    return outboxEvent(
      promotionChanged,
      { promotionId: row.id, action, name: row.name, kind: row.kind, label: labelOf(row), active: row.active, actorId: actor.id },
      { actor: { type: 'user', id: actor.id } },
    );
  }

  async function ancestryFor(rules: readonly PromotionRule[]): Promise<CategoryAncestry> {
    if (!rules.some((rule) => rule.scope === 'categories')) return (id) => [id];
    const parents = await categories.parents();
    return (id) => {
      const chain = [id];
      let parent = parents.get(id) ?? null;
      while (parent && chain.length < 8) {
        chain.push(parent);
        parent = parents.get(parent) ?? null;
      }
      return chain;
    };
  }

  interface Evaluation {
    outcome: DiscountOutcome;
    code: string | null;
    /** The code's promotion's per-customer limit, and the automatic one's (for the reservation). */
    limits: Map<string, number | null>;
    singleUse: boolean;
  }

  /**
   * The discounts an order gets now. The code's limits are read here (non-binding: the quote's
   * answer); the reservation takes them for real.
   */
  async function evaluate(input: EvaluateInput): Promise<Evaluation> {
    const code = input.code?.trim() ? normaliseCode(input.code) : null;
    const [automatic, found] = await Promise.all([repository.liveAutomatic(), code ? repository.findCode(code) : Promise.resolve(null)]);
    let refusal: Refusal | null = null;
    let choice: CodeChoice | null = null;
    let codeRow: CodeRow | null = null;
    const limits = new Map<string, number | null>(automatic.map((rule) => [rule.id, rule.perCustomerLimit]));
    if (code) {
      if (!found || !CODE_PATTERN.test(code)) refusal = { reason: 'unknown_code', message: `“${input.code?.trim()}” is not a valid code` };
      else {
        const { promotion } = found;
        codeRow = found.code;
        if (promotion.usageLimit !== null && promotion.used >= promotion.usageLimit) refusal = { reason: 'usage_limit_reached', message: limitMessage('usage_limit_reached', false) };
        else if (codeRow.usageLimit !== null && codeRow.used >= codeRow.usageLimit) refusal = { reason: 'usage_limit_reached', message: limitMessage('usage_limit_reached', codeRow.usageLimit === 1) };
        else if (promotion.perCustomerLimit !== null && input.customerKey && (await repository.customerUses(promotion.id, input.customerKey)) >= promotion.perCustomerLimit) {
          refusal = { reason: 'already_used', message: limitMessage('already_used', false) };
        } else choice = { rule: promotion, code: codeRow.code, codeId: codeRow.id };
        limits.set(promotion.id, promotion.perCustomerLimit);
      }
    }
    const rules = choice ? [...automatic, choice.rule] : automatic;
    const outcome = computeDiscounts({ lines: input.lines, shipping: input.shipping, automatic, code: choice, now: now(), ancestry: await ancestryFor(rules) });
    return { outcome: refusal ? { ...outcome, codeRefusal: refusal } : outcome, code, limits, singleUse: codeRow?.usageLimit === 1 };
  }

  function toEvaluationDto(lines: readonly OrderLine[], evaluation: Evaluation): EvaluationDto {
    const { outcome, code } = evaluation;
    const perLine = (amounts: readonly number[]) => lines.map((line, index) => ({ productId: line.productId, amount: amounts[index] ?? 0 }));
    const applied = outcome.applied.map(
      (a: AppliedDiscount): AppliedDto => ({
        promotionId: a.promotionId,
        name: a.name,
        kind: a.kind,
        code: a.code,
        discountType: a.discountType,
        label: labelOf(a),
        amount: a.amount,
        shippingAmount: a.shippingAmount,
        lines: perLine(a.lineAmounts),
      }),
    );
    return {
      discount: outcome.discount,
      shippingDiscount: outcome.shippingDiscount,
      lines: perLine(outcome.lineDiscounts),
      applied,
      codeRefusal: outcome.codeRefusal && code ? { code, ...outcome.codeRefusal } : null,
    };
  }

  return {
    async create(actor: AuthUser, input: CreatePromotionInput): Promise<PromotionDto> {
      const value = valueOf(input.discountType, input);
      checkScope(input.scope, input.categoryIds, input.productIds);
      if (input.kind === 'automatic' && input.code) throw new DomainError('VALIDATION_FAILED', 'code: an automatic promotion has no code');
      const startsAt = instant(input.startsAt);
      const endsAt = instant(input.endsAt);
      checkWindow(startsAt, endsAt);
      const promotion: NewPromotion = {
        id: randomUUID(),
        kind: input.kind,
        name: input.name,
        discountType: input.discountType,
        value,
        scope: input.scope,
        categoryIds: input.scope === 'categories' ? input.categoryIds : [],
        productIds: input.scope === 'products' ? input.productIds : [],
        minSubtotal: input.minSubtotal,
        startsAt,
        endsAt,
        usageLimit: input.usageLimit ?? null,
        perCustomerLimit: input.perCustomerLimit ?? null,
        active: input.active,
      };
      const audited = auditEvent(
        promotionsAudit,
        { entityType: 'promotion', entityId: promotion.id, action: 'created', label: promotion.name, changes: auditChanges(null, { ...promotion, code: input.code ?? null }, AUDITED_FIELDS) },
        { actor: { type: 'user', id: actor.id } },
      );
      const result = await repository.insert(promotion, input.code ?? null, [changed(promotion, 'created', actor), audited]);
      if (result === 'code_taken') throw new DomainError('CONFLICT', `The code ${input.code} already exists; choose another`, { code: input.code });
      outboxWritten();
      return detail(promotion.id);
    },

    async update(actor: AuthUser, input: UpdatePromotionInput): Promise<PromotionDto> {
      const row = await requirePromotion(input.id);
      const changes: Partial<NewPromotion> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.percentOff !== undefined || input.amountOff !== undefined) {
        changes.value = valueOf(row.discountType, {
          percentOff: input.percentOff !== undefined ? input.percentOff : row.discountType === 'percent' ? row.value / 100 : null,
          amountOff: input.amountOff !== undefined ? input.amountOff : row.discountType === 'fixed' ? row.value : null,
        });
      }
      const scope = input.scope ?? row.scope;
      const categoryIds = input.categoryIds ?? row.categoryIds;
      const productIds = input.productIds ?? row.productIds;
      if (input.scope !== undefined || input.categoryIds !== undefined || input.productIds !== undefined) {
        checkScope(scope, categoryIds, productIds);
        Object.assign(changes, { scope, categoryIds: scope === 'categories' ? [...categoryIds] : [], productIds: scope === 'products' ? [...productIds] : [] });
      }
      if (input.minSubtotal !== undefined) changes.minSubtotal = input.minSubtotal;
      if (input.startsAt !== undefined) changes.startsAt = instant(input.startsAt);
      if (input.endsAt !== undefined) changes.endsAt = instant(input.endsAt);
      checkWindow(changes.startsAt !== undefined ? changes.startsAt : row.startsAt, changes.endsAt !== undefined ? changes.endsAt : row.endsAt);
      if (input.usageLimit !== undefined) {
        if (input.usageLimit !== null && input.usageLimit < row.used) {
          throw new DomainError('VALIDATION_FAILED', `usageLimit: ${row.used} uses are already taken; the limit cannot be lower`, { used: row.used });
        }
        changes.usageLimit = input.usageLimit;
      }
      if (input.perCustomerLimit !== undefined) changes.perCustomerLimit = input.perCustomerLimit;
      if (input.active !== undefined) changes.active = input.active;
      if (Object.keys(changes).length === 0) return detail(row.id);
      const next = { ...row, ...changes };
      const action = changes.active === false ? 'deactivated' : changes.active === true && !row.active ? 'activated' : 'updated';
      const audited = auditEvent(
        promotionsAudit,
        { entityType: 'promotion', entityId: row.id, action, label: next.name, changes: auditChanges(row, next, AUDITED_FIELDS) },
        { actor: { type: 'user', id: actor.id } },
      );
      const saved = await repository.update(row.id, row.version, changes, [changed(next, 'updated', actor), audited]);
      if (!saved) throw new DomainError('CONFLICT', 'The promotion was changed at the same time; reload it and try again');
      outboxWritten();
      return detail(row.id);
    },

    get: (id: string) => detail(id),

    async list(input: ListPromotionsInput): Promise<PromotionPage> {
      const { rows, total } = await repository.list({
        q: input.q?.trim() || null,
        kind: input.kind ?? null,
        state: input.state ?? null,
        offset: (input.page - 1) * input.pageSize,
        limit: input.pageSize,
      });
      const stats = await repository.statsOf(rows.map((row) => row.id));
      const at = now();
      return { items: rows.map((row) => toDto(row, stats.get(row.id), at)), total, page: input.page, pageSize: input.pageSize };
    },

    /** `count` new single-use codes for a code promotion, unguessable (crypto random), in one batch. */
    async generateCodes(actor: AuthUser, input: { id: string; count: number; prefix: string }): Promise<CodeBatchDto> {
      const row = await requirePromotion(input.id);
      if (row.kind !== 'code') throw new DomainError('VALIDATION_FAILED', 'An automatic promotion has no codes');
      const batchId = randomUUID();
      const codes: string[] = [];
      // A clash with an existing code (astronomically rare) is simply replaced by another.
      for (let round = 0; codes.length < input.count && round < 5; round++) {
        const wanted = new Set<string>();
        while (wanted.size < input.count - codes.length) wanted.add(randomCode(input.prefix));
        const audited = auditEvent(
          promotionsAudit,
          { entityType: 'promotion', entityId: row.id, action: 'codes_generated', label: row.name, changes: [{ field: 'codes', before: null, after: `${wanted.size} single-use codes (batch ${batchId})` }] },
          { actor: { type: 'user', id: actor.id } },
        );
        codes.push(...(await repository.insertCodes(row.id, batchId, [...wanted], [audited])));
      }
      if (codes.length < input.count) throw new DomainError('UNAVAILABLE', 'Could not generate enough unique codes; try again');
      outboxWritten();
      logger.info({ promotionId: row.id, batchId, count: codes.length, actor: actor.id }, 'codes generated');
      return { batchId, count: codes.length, codes };
    },

    /** A promotion as a campaign shows it (notifications, when staff attach it to a campaign). */
    async campaignPromotion(promotionId: string): Promise<CampaignPromotionDto> {
      const row = await requirePromotion(promotionId);
      return { id: row.id, name: row.name, kind: row.kind, label: labelOf(row), state: stateOf(row, now()), code: row.code, endsAt: row.endsAt?.toISOString() ?? null };
    },

    /** Code promotions a campaign can carry: running or scheduled, newest first (at most 200). */
    async campaignPromotions(): Promise<{ items: CampaignPromotionDto[] }> {
      const at = now();
      const pages = await Promise.all(['active', 'scheduled'].map((state) => repository.list({ q: null, kind: 'code', state, offset: 0, limit: 200 })));
      const rows = pages
        .flatMap((page) => page.rows)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, 200);
      return { items: rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, label: labelOf(row), state: stateOf(row, at), code: row.code, endsAt: row.endsAt?.toISOString() ?? null })) };
    },

    /**
     * One single-use code per campaign recipient, assigned once: a recipient that has one gets the
     * same code on every call (a retried send, two replicas). Codes are always made for the
     * campaign, never taken from a generated batch (those may have been exported and handed out).
     */
    async assignCodes(input: AssignCodesInput): Promise<AssignedCodesDto> {
      const row = await requirePromotion(input.promotionId);
      if (row.kind !== 'code') throw new DomainError('VALIDATION_FAILED', 'promotionId: an automatic promotion has no codes to hand out');
      const keys = [...new Set(input.recipientKeys)];
      const assigned = await repository.assignCodes(row.id, input.campaignId, keys, (count) => {
        const codes = new Set<string>();
        while (codes.size < count) codes.add(randomCode(''));
        return [...codes];
      });
      if (assigned.size < keys.length) throw new DomainError('UNAVAILABLE', 'Could not generate enough unique codes; try again');
      logger.info({ promotionId: row.id, campaignId: input.campaignId, recipients: keys.length }, 'campaign codes assigned');
      return { codes: keys.map((recipientKey) => ({ recipientKey, code: assigned.get(recipientKey)! })) };
    },

    /**
     * What campaigns brought: paid orders (committed redemptions) that used a code assigned to the
     * campaign or, for a shared-code campaign, its code since the campaign started going out.
     */
    async campaignStats(input: CampaignStatsInput): Promise<CampaignResultsDto> {
      const items = await Promise.all(
        input.campaigns.map(async (campaign) => {
          const shared = campaign.sharedCode ? { code: normaliseCode(campaign.sharedCode), since: campaign.since ? new Date(campaign.since) : null } : null;
          return { campaignId: campaign.campaignId, ...(await repository.campaignResults(campaign.campaignId, shared)) };
        }),
      );
      return { items };
    },

    async listCodes(input: { id: string; batchId?: string | undefined; page: number; pageSize: number }) {
      await requirePromotion(input.id);
      const { rows, total } = await repository.listCodes(input.id, input.batchId ?? null, (input.page - 1) * input.pageSize, input.pageSize);
      return {
        items: rows.map((row) => ({ code: row.code, batchId: row.batchId, usageLimit: row.usageLimit, used: row.used, createdAt: row.createdAt.toISOString() })),
        total,
        page: input.page,
        pageSize: input.pageSize,
      };
    },

    async exportCodes(input: { id: string; batchId?: string | undefined }) {
      const row = await requirePromotion(input.id);
      const lines = ['code,batch_id,usage_limit,used,created_at'];
      for (let offset = 0; ; offset += 5_000) {
        const page = await repository.listCodes(row.id, input.batchId ?? null, offset, 5_000);
        for (const code of page.rows) lines.push([code.code, code.batchId ?? '', code.usageLimit ?? '', code.used, code.createdAt.toISOString()].join(','));
        if (page.rows.length < 5_000) break;
      }
      const slug = row.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'promotion';
      return { filename: `codes-${slug}${input.batchId ? `-${input.batchId.slice(0, 8)}` : ''}.csv`, contentType: 'text/csv' as const, csv: `${lines.join('\r\n')}\r\n` };
    },

    /** The automatic promotions running now (badges on product and listing pages). */
    async live(): Promise<{ items: LivePromotionDto[] }> {
      const rows = await repository.liveAutomatic();
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          label: labelOf(row),
          discountType: row.discountType,
          scope: row.scope,
          categoryIds: [...(row.categoryIds ?? [])],
          productIds: [...(row.productIds ?? [])],
          minSubtotal: row.minSubtotal,
          endsAt: row.endsAt?.toISOString() ?? null,
        })),
      };
    },

    /** Quote: the discounts the order would get, and why a code does not apply. Writes nothing. */
    async evaluate(input: EvaluateInput): Promise<EvaluationDto> {
      return toEvaluationDto(input.lines, await evaluate(input));
    },

    /**
     * Checkout's `redeem` step: the discounts, with one use of each promotion and code taken for
     * this order (idempotent on the order id). A code that does not apply is 409 with its reason,
     * before any charge.
     */
    async reserve(input: ReserveInput): Promise<EvaluationDto> {
      const evaluation = await evaluate(input);
      const refusal = evaluation.outcome.codeRefusal;
      if (refusal && evaluation.code) throw new DomainError('CONFLICT', refusal.message, { reason: refusal.reason, code: evaluation.code });
      const dto = toEvaluationDto(input.lines, evaluation);
      if (evaluation.outcome.applied.length === 0) return dto;
      const result = await repository.reserve({ orderId: input.orderId, customerKey: input.customerKey, applied: evaluation.outcome.applied, discount: dto.discount, evaluation: dto }, evaluation.limits);
      if (result.ok) return result.evaluation;
      const { hit } = result;
      const automatic = evaluation.outcome.applied.find((a) => a.promotionId === hit.promotionId && a.kind === 'automatic');
      const message = automatic ? `The promotion “${automatic.name}” has just run out; review your order and place it again` : limitMessage(hit.reason, evaluation.singleUse);
      throw new DomainError('CONFLICT', message, { reason: hit.reason, code: hit.code ?? evaluation.code });
    },

    /** Gives a checkout's uses back (a failed, aborted or cancelled-before-payment checkout). Idempotent. */
    async release(orderId: string): Promise<{ orderId: string; state: 'reserved' | 'committed' | 'released' | 'none' }> {
      const state = await repository.release(orderId);
      return { orderId, state };
    },

    /** The order was paid (orders.order_paid): the redemption is final. */
    async commit(order: PaidOrder): Promise<void> {
      const result = await repository.commit(order.orderId, order.total, new Map(order.discounts.map((d) => [d.promotionId, d.amount])));
      if (result === 'released') {
        // Cannot happen through the saga (a released checkout is never paid: a late payment is refunded); say so loudly if it does.
        logger.error({ orderId: order.orderId }, 'a paid order’s redemption had been released; it is committed now but its uses were given back');
      }
    },

    async redemptionState(orderId: string) {
      return { orderId, state: ((await repository.redemptionState(orderId)) ?? 'none') as 'reserved' | 'committed' | 'released' | 'none' };
    },
  };
}

export type PromotionsService = ReturnType<typeof createPromotionsService>;
