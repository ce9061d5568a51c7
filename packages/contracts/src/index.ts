// @omnicart/contracts: what the services and the apps agree on, safe to run in a browser.
export * from './errors.js';
export * from './text.js';
export * from './http.js';
export * from './account.js';
export * from './address.js';
export * from './cart.js';
export * from './money.js';
export * from './pagination.js';
export * from './events.js';
export * from './forwarded.js';
export * from './permissions.js';
export * from './audit.js';
export * from './settings.js';
export * from './products.js';
