import { useInstance } from './use-settings';

export interface SettingsPageEntry {
  path: string;
  label: string;
  /** Shown only when the instance has this switch on. */
  requires?: 'devMailbox';
}

/** The settings pages, in the navigation's order (admins only). */
export const settingsPages: readonly SettingsPageEntry[] = [
  { path: 'general', label: 'General' },
  { path: 'features', label: 'Feature Management' },
  { path: 'api-tokens', label: 'API tokens' },
  { path: 'apps', label: 'Apps' },
  { path: 'teams', label: 'Teams' },
  { path: 'audit', label: 'Audit log' },
  { path: 'notifications', label: 'Notifications' },
  { path: 'mailbox', label: 'Development mailbox', requires: 'devMailbox' },
];

/** The settings pages this instance offers: the development mailbox only where it is on. */
export function useVisibleSettingsPages(): readonly SettingsPageEntry[] {
  const instance = useInstance().data;
  return settingsPages.filter((p) => !p.requires || instance?.[p.requires] === true);
}
