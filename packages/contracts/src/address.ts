import { z } from 'zod';
import { text } from './text.js';

/** A shipping address as checkout takes it (orders) and the checkout form checks it (storefront). */

export const ADDRESS_LINE_MAX_LENGTH = 200;
export const CITY_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 20;

export const countryCodeSchema = text()
  .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code in upper case, e.g. "US"')
  .meta({ example: 'US' });

export const shippingAddressSchema = z.object({
  name: text().trim().min(1).max(ADDRESS_LINE_MAX_LENGTH),
  line1: text().trim().min(1).max(ADDRESS_LINE_MAX_LENGTH),
  line2: text().trim().max(ADDRESS_LINE_MAX_LENGTH).optional(),
  city: text().trim().min(1).max(CITY_MAX_LENGTH),
  postalCode: text().trim().min(1).max(POSTAL_CODE_MAX_LENGTH),
  country: countryCodeSchema,
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;
