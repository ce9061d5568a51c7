import { CallToAction, FallbackLink, P, Title } from '../components/layout.js';
import { dateTime, duration } from '../format.js';
import type { EmailTemplates } from '../types.js';
import type { EmailTemplate } from './template.js';

export const welcome: EmailTemplate<EmailTemplates['welcome']> = {
  subject: (_data, brand) => `Welcome to ${brand.storeName}`,
  preview: (_data, brand) => `Your ${brand.storeName} account is ready.`,
  Content: ({ data, brand }) => (
    <>
      <Title>Welcome, {data.name}!</Title>
      <P>
        Your {brand.storeName} account is ready. Sign in to check out faster, follow your orders and keep your addresses in
        one place.
      </P>
      <CallToAction href={brand.storefrontUrl}>Start shopping</CallToAction>
    </>
  ),
};

export const password_reset: EmailTemplate<EmailTemplates['password_reset']> = {
  subject: () => 'Reset your password',
  preview: (data) => `This link works for ${duration(data.expiresInMinutes)}.`,
  Content: ({ data, brand }) => (
    <>
      <Title>Reset your password</Title>
      <P>Hi {data.name},</P>
      <P>
        We received a request to reset the password of your {brand.storeName} account. The link below works for{' '}
        {duration(data.expiresInMinutes)} and only once.
      </P>
      <CallToAction href={data.resetUrl}>Choose a new password</CallToAction>
      <FallbackLink href={data.resetUrl} />
      <P tone="muted">If you did not ask for this, ignore this email: your password stays as it is.</P>
    </>
  ),
};

export const password_changed: EmailTemplate<EmailTemplates['password_changed']> = {
  subject: () => 'Your password was changed',
  preview: (data, brand) => `The password of your ${brand.storeName} account was changed on ${dateTime(data.changedAt)}.`,
  Content: ({ data, brand }) => (
    <>
      <Title>Your password was changed</Title>
      <P>Hi {data.name},</P>
      <P>
        The password of your {brand.storeName} account was changed on {dateTime(data.changedAt)}. If that was you, there
        is nothing else to do.
      </P>
      <P>If it was not you, reset your password now to lock the other person out:</P>
      <CallToAction href={data.forgotPasswordUrl}>Reset your password</CallToAction>
      {brand.supportEmail ? <P tone="muted">Then tell us at {brand.supportEmail} so we can help.</P> : null}
    </>
  ),
};

export const staff_invitation: EmailTemplate<EmailTemplates['staff_invitation']> = {
  subject: (_data, brand) => `You're invited to the ${brand.storeName} admin`,
  preview: (data, brand) => `Join ${brand.storeName} as ${data.role}.`,
  Content: ({ data, brand }) => (
    <>
      <Title>Join the {brand.storeName} team</Title>
      <P>Hi {data.name},</P>
      <P>
        You have been invited to the {brand.storeName} admin with the role <strong>{data.role}</strong>. Accept the
        invitation to set up your access.
      </P>
      <CallToAction href={data.acceptUrl}>Accept the invitation</CallToAction>
      <FallbackLink href={data.acceptUrl} />
      <P tone="muted">The invitation expires on {dateTime(data.expiresAt)}. If you did not expect it, ignore this email.</P>
    </>
  ),
};
