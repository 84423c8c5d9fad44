import { Navigate, type RouteObject } from 'react-router';

// Placeholder while the settings pages are being built in this session.
function Pending({ name }: { name: string }) {
  return <p>{name}</p>;
}

/** The routes under /o/:org/settings. */
export const settingsRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="general" replace /> },
  { path: 'general', element: <Pending name="general" /> },
  { path: 'features', element: <Pending name="features" /> },
  { path: 'api-tokens', element: <Pending name="api-tokens" /> },
  { path: 'apps', element: <Pending name="apps" /> },
  { path: 'teams', element: <Pending name="teams" /> },
  { path: 'audit', element: <Pending name="audit" /> },
  { path: 'notifications', element: <Pending name="notifications" /> },
  { path: 'mailbox', element: <Pending name="mailbox" /> },
];
