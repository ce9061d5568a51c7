import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { analyticsInteractionsRecorded } from '../../analytics/index.js';
import type { RecommendationsRepository } from '../repository.js';

/**
 * Consumer `recommendations.interactions`: analytics' product interactions (views for co-view and
 * trending; views, add to cart and recommendation clicks for a shopper's history) and the
 * visitor→customer links of sign-ins. Once per event (the inbox; interactions also dedupe on their
 * own event id).
 */
export function interactionsHandlers(repository: RecommendationsRepository, consumer: string): ConsumerHandlers<typeof analyticsInteractionsRecorded> {
  return {
    async handle(event) {
      await repository.once(consumer, event.id, (client) =>
        repository.recordInteractions(
          client,
          event.data.interactions
            .filter((interaction) => !Number.isNaN(Date.parse(interaction.occurredAt)))
            .map((interaction) => ({ ...interaction, occurredAt: new Date(interaction.occurredAt) })),
          event.data.links,
        ),
      );
    },
  };
}
