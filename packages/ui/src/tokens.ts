/**
 * Design tokens shared by the storefront and the admin. Colours meet WCAG AA contrast
 * (4.5:1) for text on the surfaces they are paired with.
 */
export const colors = {
  text: '#1a1d23',
  textMuted: '#4b5361',
  surface: '#ffffff',
  surfaceMuted: '#f4f5f7',
  border: '#d5d9e0',
  primary: '#1f4fd1',
  primaryText: '#ffffff',
  danger: '#b42318',
  success: '#146c2e',
  focus: '#f5a524',
} as const;

export const space = { xs: '4px', sm: '8px', md: '16px', lg: '24px', xl: '40px' } as const;
export const radius = { sm: '4px', md: '8px', lg: '16px' } as const;
export const fontStack = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
