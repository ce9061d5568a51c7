/**
 * Example values the published documents share, so one customer, product, cart and order appear
 * across them (each domain's openapi.ts builds its examples from these).
 */
export const CUSTOMER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
export const ADMIN_ID = '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
export const SKU = 'HPH-00001';
export const PRODUCT_ID = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';
export const SECOND_PRODUCT_ID = '7b1d9e24-5a6c-4f0e-8b3d-1c2e4f6a8b90';
export const CART_ID = 'mJ0y2k5cV8iB3qXo1rT6uN9wZ4aD7eFh';
export const GUEST_CART_ID = 'Qw3rTy7uI9oP1aS5dF8gH2jK4lZ6xC0v';
export const ORDER_ID = '5e8c2a1f-9b7d-4c3e-a6f0-2d4b8e1c7a93';
export const RESERVATION_ID = 'b3c1f2e4-7a8d-4e9f-8c1b-2a3d4e5f6a7b';
export const INTENT_ID = 'pi_3PqR7sT8uV9wX0yZ1aB2cD3e';

export const authRequired = { message: 'Authentication required: send a Bearer access token' };
export const tokenExpired = { message: 'Access token has expired' };
