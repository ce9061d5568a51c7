import { describe, expect, it } from 'vitest';
import type { CampaignPromotionDto } from '../promotions/index.js';
import { createCampaigns, SAMPLE_CODE } from './campaigns.js';
import type { CampaignOffers, CatalogFacts } from './clients.js';
import type { Notifier } from './notifier.js';
import type { CampaignPromotion, CampaignRow, CampaignsRepository, NewMessage, SegmentMember } from './repository.js';

const PROMOTION_ID = '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
const CAMPAIGN_ID = '6d2f1a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const actor = { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11' } as never;
const members: SegmentMember[] = ['a', 'b', 'c'].map((letter, index) => ({
  userId: `00000000-0000-4000-8000-00000000000${index + 1}`,
  email: `${letter}@example.com`,
  name: letter.toUpperCase(),
  unsubscribeVersion: 1,
}));
const unique: CampaignPromotion = { promotionId: PROMOTION_ID, codes: 'unique', name: 'Thanks', label: '20 % off', code: null, endsAt: null };
const body = { name: 'Codes', subject: 'For you: {{code}}', bodyMarkdown: 'Use **{{code}}**.', ctaLabel: null, ctaUrl: null, segment: { kind: 'all_opted_in' as const } };

function campaignRow(promotion: CampaignPromotion | null): CampaignRow {
  const at = new Date('2026-12-07T10:00:00Z');
  return { id: CAMPAIGN_ID, ...body, promotion, status: 'sending', scheduledAt: at, startedAt: at, finishedAt: null, recipients: 0, createdBy: null, createdAt: at, updatedAt: at };
}

/** The campaigns with in-memory doubles: one due campaign, three members, the messages it writes. */
function harness(options: { promotion?: CampaignPromotion | null; offers?: Partial<CampaignOffers>; found?: CampaignPromotionDto | null } = {}) {
  const written: NewMessage[] = [];
  const assigned: string[][] = [];
  let finished = 0;
  const repository = {
    takeDue: async () => campaignRow(options.promotion ?? unique),
    membersPage: async (_segment: unknown, _categories: unknown, after: string | null) => (after === null ? members : []),
    enqueue: async (messages: NewMessage[]) => {
      written.push(...messages);
      return messages.length;
    },
    finish: async () => {
      finished += 1;
    },
    create: async (row: CampaignRow) => ({ ...campaignRow(row.promotion), ...row, status: 'draft', startedAt: null }),
    stats: async (ids: string[]) => new Map(ids.map((id) => [id, { states: {}, unsubscribed: 0 }])),
    countMembers: async () => members.length,
  } as unknown as CampaignsRepository;
  const offers: CampaignOffers = {
    choices: async () => [],
    promotion: async () => (options.found === undefined ? { id: PROMOTION_ID, name: 'Thanks', kind: 'code', label: '20 % off', state: 'active', code: null, endsAt: null } : options.found),
    assignCodes: async (_promotionId, _campaignId, keys) => {
      assigned.push(keys);
      return new Map(keys.map((key) => [key, `CODE${key.slice(-1)}ABCDE`]));
    },
    results: async () => new Map(),
    ...options.offers,
  };
  const notifier = { brand: async () => ({ storeName: 'OmniCart', storefrontUrl: 'https://shop.example' }) } as unknown as Notifier;
  const campaigns = createCampaigns({ campaigns: repository, catalog: {} as CatalogFacts, offers, notifier, unsubscribeKey: Buffer.alloc(32, 1), maxAttempts: 3, kick: () => undefined });
  return { campaigns, written, assigned, finished: () => finished };
}

describe('campaigns with unique codes', () => {
  it('asks promotions for the page’s codes once and gives each member their own, in the subject, HTML and text', async () => {
    const { campaigns, written, assigned, finished } = harness();
    expect(await campaigns.sendDue()).toBe(3);
    expect(assigned).toEqual([members.map((member) => member.userId)]);
    for (const [index, message] of written.entries()) {
      const code = `CODE${index + 1}ABCDE`;
      expect(message.subject).toBe(`For you: ${code}`);
      expect(message.html).toContain(`<strong>${code}</strong>`);
      expect(message.text).toContain(`Your code for 20 % off:`);
      expect(message.text).toContain(code);
      for (const part of [message.subject, message.html, message.text]) expect(part).not.toMatch(/OMNICARTRECIPIENTCODE|\{\{/);
      for (const other of [1, 2, 3].filter((n) => n !== index + 1)) expect(message.text).not.toContain(`CODE${other}ABCDE`);
    }
    expect(finished()).toBe(1);
  });

  it('writes nothing and leaves the campaign going out when promotions cannot assign the codes (the next round resumes it)', async () => {
    const { campaigns, written, finished } = harness({ offers: { assignCodes: async () => Promise.reject(new Error('promotions is unavailable')) } });
    await expect(campaigns.sendDue()).rejects.toThrow('promotions is unavailable');
    expect(written).toEqual([]);
    expect(finished()).toBe(0);
  });

  it('a shared code goes to everyone as it is, without asking for codes', async () => {
    const shared: CampaignPromotion = { ...unique, codes: 'shared', code: 'SAVE5' };
    const { campaigns, written, assigned } = harness({ promotion: shared });
    await campaigns.sendDue();
    expect(assigned).toEqual([]);
    expect(written.map((message) => message.subject)).toEqual(['For you: SAVE5', 'For you: SAVE5', 'For you: SAVE5']);
  });

  it('previews show the sample code and use up none', async () => {
    const { campaigns, assigned } = harness();
    const preview = await campaigns.preview({ ...body, promotion: { promotionId: PROMOTION_ID, codes: 'unique' } });
    expect(preview.subject).toBe(`For you: ${SAMPLE_CODE}`);
    expect(assigned).toEqual([]);
  });

  it('refuses a promotion that cannot go in an e-mail, naming the field', async () => {
    const choice = { promotionId: PROMOTION_ID, codes: 'unique' as const };
    const refusals: [CampaignPromotionDto | null, typeof choice | { promotionId: string; codes: 'shared' }, RegExp][] = [
      [null, choice, /^promotion\.promotionId: no such promotion/],
      [{ id: PROMOTION_ID, name: 'Auto', kind: 'automatic', label: '10 % off', state: 'active', code: null, endsAt: null }, choice, /^promotion\.promotionId: an automatic promotion/],
      [{ id: PROMOTION_ID, name: 'Old', kind: 'code', label: '10 % off', state: 'expired', code: null, endsAt: null }, choice, /^promotion\.promotionId: “Old” is over/],
      [{ id: PROMOTION_ID, name: 'Thanks', kind: 'code', label: '10 % off', state: 'active', code: null, endsAt: null }, { ...choice, codes: 'shared' }, /^promotion\.codes: this promotion has no shared code/],
    ];
    for (const [found, promotion, message] of refusals) {
      const { campaigns } = harness({ found });
      await expect(campaigns.create(actor, { ...body, promotion })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    }
    const { campaigns } = harness();
    const created = await campaigns.create(actor, { ...body, promotion: choice });
    expect(created.promotion).toEqual(unique);
    expect(created.stats).toMatchObject({ redemptions: 0, revenue: 0, discountCost: 0 });
  });
});
