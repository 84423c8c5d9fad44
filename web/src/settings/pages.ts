/** The settings pages, in the navigation's order (admins only). */
export const settingsPages = [
  { path: 'general', label: 'General' },
  { path: 'features', label: 'Feature Management' },
  { path: 'api-tokens', label: 'API tokens' },
  { path: 'apps', label: 'Apps' },
  { path: 'teams', label: 'Teams' },
  { path: 'audit', label: 'Audit log' },
  { path: 'notifications', label: 'Notifications' },
  { path: 'mailbox', label: 'Development mailbox' },
] as const;
