export { colors, space, radius, fontStack } from './tokens.js';
export { formatMoney, type Money } from './money.js';
