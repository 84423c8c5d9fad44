import { Navigate, type RouteObject } from 'react-router';
import { AdminOnly } from './AdminOnly';
import { ApiTokensPage } from './ApiTokensPage';
import { AppsPage } from './AppsPage';
import { AuditPage } from './AuditPage';
import { FeaturesPage } from './FeaturesPage';
import { GeneralPage } from './GeneralPage';
import { MailboxPage } from './MailboxPage';
import { NotificationsPage } from './NotificationsPage';
import { TeamsPage } from './TeamsPage';

/** The routes under /o/:org/settings (admins only). */
export const settingsRoutes: RouteObject[] = [
  {
    element: <AdminOnly />,
    children: [
      { index: true, element: <Navigate to="general" replace /> },
      { path: 'general', element: <GeneralPage /> },
      { path: 'features', element: <FeaturesPage /> },
      { path: 'api-tokens', element: <ApiTokensPage /> },
      { path: 'apps', element: <AppsPage /> },
      { path: 'teams', element: <TeamsPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'mailbox', element: <MailboxPage /> },
    ],
  },
];
