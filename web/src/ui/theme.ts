import { createTheme, DEFAULT_THEME, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

/**
 * One theme for light and dark: indigo accents, comfortable radius, system fonts. Shades are
 * chosen for WCAG AA contrast (axe-core checks every page): Mantine's defaults put gray-6 "dimmed"
 * text and shade-6 accents on white, which fall short of 4.5:1.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  // Mantine leaves these close buttons unnamed; axe-core rates an unnamed button critical.
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    // A titled notification draws its message in gray-6, under 4.5:1 on white: use the dimmed colour (gray-7 in light).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Hide notification' } },
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

const colors = Object.keys(DEFAULT_THEME.colors);

/** Darker text for "dimmed" and for light-variant badges, alerts and buttons in the light scheme. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Shade 9 mixed with black: even green and yellow text reach 4.5:1 on their tinted backgrounds.
    ...Object.fromEntries(colors.map((c) => [`--mantine-color-${c}-light-color`, `color-mix(in srgb, var(--mantine-color-${c}-9) 75%, black)`])),
    ...Object.fromEntries(colors.map((c) => [`--mantine-color-${c}-text`, `color-mix(in srgb, var(--mantine-color-${c}-9) 75%, black)`])),
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    ...Object.fromEntries(colors.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-3)`])),
  },
});
