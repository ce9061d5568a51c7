import type { EmailTemplateName, EmailTemplates } from '../types.js';
import { password_changed, password_reset, staff_invitation, welcome } from './account.js';
import { back_in_stock, back_in_stock_confirm, price_drop } from './alerts.js';
import { abandoned_cart, campaign } from './marketing.js';
import {
  order_cancelled,
  order_confirmation,
  order_delivered,
  order_refunded,
  order_shipped,
  payment_failed,
} from './orders.js';
import type { EmailTemplate } from './template.js';

export const emailTemplates: { [K in EmailTemplateName]: EmailTemplate<EmailTemplates[K]> } = {
  welcome,
  password_reset,
  password_changed,
  staff_invitation,
  order_confirmation,
  payment_failed,
  order_shipped,
  order_delivered,
  order_cancelled,
  order_refunded,
  back_in_stock_confirm,
  back_in_stock,
  price_drop,
  abandoned_cart,
  campaign,
};
