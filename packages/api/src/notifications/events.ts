/**
 * Notifications announces nothing yet: it reacts to identity's and orders' events (consumers/) and
 * keeps its own delivery log. Its outbox exists as every domain's does.
 */
export const notificationsEvents = [] as const;
