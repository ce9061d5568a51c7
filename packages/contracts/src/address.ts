import { z } from 'zod';

/** A shipping address as checkout takes it (orders) and the checkout form checks it (storefront). */

export const ADDRESS_LINE_MAX_LENGTH = 200;
export const CITY_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 20;

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code in upper case, e.g. "US"')
  .meta({ example: 'US' });

export const shippingAddressSchema = z.object({
  name: z.string().trim().min(1).max(ADDRESS_LINE_MAX_LENGTH),
  line1: z.string().trim().min(1).max(ADDRESS_LINE_MAX_LENGTH),
  line2: z.string().trim().max(ADDRESS_LINE_MAX_LENGTH).optional(),
  city: z.string().trim().min(1).max(CITY_MAX_LENGTH),
  postalCode: z.string().trim().min(1).max(POSTAL_CODE_MAX_LENGTH),
  country: countryCodeSchema,
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;
