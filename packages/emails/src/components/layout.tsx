import type { CSSProperties, ReactNode } from 'react';
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { colors, fontStack, radius, space } from '@omnicart/ui/tokens';
import type { Brand } from '../types.js';

/**
 * The frame every email shares: the store name on a band of the primary colour, the message, and a
 * footer with the store name, a link to the storefront, the support address when there is one and,
 * on marketing mail, the unsubscribe link. Styles are inline (email clients drop most <style>
 * rules) and come from the storefront's design tokens; fonts are the system stack, nothing is
 * fetched when the mail is opened.
 */
export interface LayoutProps {
  brand: Brand;
  /** The inbox preview line (hidden in the body; skipped in the text part). */
  preview: string;
  /** Marketing mail only: the footer gets an "Unsubscribe" link. */
  unsubscribeUrl?: string | undefined;
  children: ReactNode;
}

const body: CSSProperties = {
  backgroundColor: colors.surfaceMuted,
  fontFamily: fontStack,
  color: colors.text,
  margin: 0,
  padding: `${space.lg} 0`,
};
const container: CSSProperties = {
  backgroundColor: colors.surface,
  border: `1px solid ${colors.border}`,
  borderRadius: radius.md,
  maxWidth: '600px',
  overflow: 'hidden',
};
const header: CSSProperties = { backgroundColor: colors.primary, padding: `${space.md} ${space.lg}` };
const storeNameStyle: CSSProperties = {
  color: colors.primaryText,
  fontSize: '20px',
  fontWeight: 700,
  lineHeight: '28px',
  textDecoration: 'none',
};
const content: CSSProperties = { padding: `${space.sm} ${space.lg} ${space.md}` };
const footer: CSSProperties = { padding: `0 ${space.lg} ${space.md}` };
const footerText: CSSProperties = { color: colors.textMuted, fontSize: '13px', lineHeight: '20px', margin: `${space.xs} 0` };
const footerLink: CSSProperties = { color: colors.textMuted, textDecoration: 'underline' };

export function Layout({ brand, preview, unsubscribeUrl, children }: LayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section style={header}>
            <Link href={brand.storefrontUrl} style={storeNameStyle}>
              {brand.storeName}
            </Link>
          </Section>
          <Section style={content}>{children}</Section>
          <Hr style={{ border: 'none', borderTop: `1px solid ${colors.border}`, margin: `0 0 ${space.sm}` }} />
          <Section style={footer}>
            <Text style={footerText}>
              {brand.storeName} ·{' '}
              <Link href={brand.storefrontUrl} style={footerLink}>
                Visit the store
              </Link>
            </Text>
            {brand.supportEmail ? (
              <Text style={footerText}>
                Questions? Write to{' '}
                <Link href={`mailto:${brand.supportEmail}`} style={footerLink}>
                  {brand.supportEmail}
                </Link>
              </Text>
            ) : null}
            {unsubscribeUrl ? (
              <Text style={footerText}>
                You receive this email because you agreed to hear from {brand.storeName}.{' '}
                <Link href={unsubscribeUrl} style={footerLink}>
                  Unsubscribe
                </Link>
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

const headingStyle: CSSProperties = {
  color: colors.text,
  fontSize: '22px',
  lineHeight: '30px',
  fontWeight: 700,
  margin: `${space.md} 0 ${space.sm}`,
};

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={headingStyle}>
      {children}
    </Heading>
  );
}

const paragraph: CSSProperties = { color: colors.text, fontSize: '16px', lineHeight: '24px', margin: `0 0 ${space.md}` };
const muted: CSSProperties = { ...paragraph, color: colors.textMuted, fontSize: '14px', lineHeight: '20px' };

export function P({ children, tone = 'default' }: { children: ReactNode; tone?: 'default' | 'muted' }) {
  return <Text style={tone === 'muted' ? muted : paragraph}>{children}</Text>;
}

const buttonStyle: CSSProperties = {
  backgroundColor: colors.primary,
  color: colors.primaryText,
  borderRadius: radius.sm,
  fontSize: '16px',
  fontWeight: 600,
  lineHeight: '24px',
  padding: '12px 24px',
  textDecoration: 'none',
};

/** The message's one call to action: a bulletproof button in the primary colour. */
export function CallToAction({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: `${space.sm} 0 ${space.lg}` }}>
      <Button href={href} style={buttonStyle}>
        {children}
      </Button>
    </Section>
  );
}

const inlineLink: CSSProperties = { color: colors.primary, textDecoration: 'underline', wordBreak: 'break-all' };

export function InlineLink({ href, children }: { href: string; children?: ReactNode }) {
  return (
    <Link href={href} style={inlineLink}>
      {children ?? href}
    </Link>
  );
}

/**
 * For links a reader may need to paste: the button's URL spelled out under it. HTML part only: the
 * text part already prints the button's URL beside its label.
 */
export function FallbackLink({ href }: { href: string }) {
  return (
    <Text style={muted} data-skip-in-text={true}>
      If the button does not work, paste this link into your browser: <InlineLink href={href} />
    </Text>
  );
}
