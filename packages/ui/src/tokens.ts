/**
 * Design tokens shared by the storefront and the admin. styles.css mirrors them as
 * `--oc-color-*` custom properties. Contrast ratios (WCAG 2.x) are noted where they matter:
 * text pairs stay ≥ 4.5:1, control borders and the focus ring ≥ 3:1 against white.
 */
export const colors = {
  text: '#1a1d23', // 17:1 on surface
  textMuted: '#4b5361', // 7.8:1 on surface, 7.1:1 on surfaceMuted
  surface: '#ffffff',
  surfaceMuted: '#f4f5f7',
  border: '#d5d9e0', // decorative dividers only
  borderStrong: '#7a8494', // form control outlines: 3.8:1 on surface
  primary: '#1f4fd1', // 6.8:1 with primaryText
  primaryHover: '#1a3fa8',
  primaryText: '#ffffff',
  danger: '#b42318', // 6.6:1 on surface
  dangerSurface: '#fdecea', // danger text 5.8:1
  success: '#146c2e', // 6.5:1 on surface
  successSurface: '#e8f5ec', // success text 5.8:1
  warning: '#8a4500', // 6.6:1 on warningSurface
  warningSurface: '#fff4e5',
  info: '#1f4fd1',
  infoSurface: '#eaf0fd', // info text 5.9:1
  neutralSurface: '#eceef2', // text 14.5:1
  focus: '#1a3fa8', // 9:1 on surface; drawn with a 2px offset so it also shows around primary buttons
} as const;

export const space = { xs: '4px', sm: '8px', md: '16px', lg: '24px', xl: '40px' } as const;
export const radius = { sm: '4px', md: '8px', lg: '16px' } as const;
export const fontStack = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
