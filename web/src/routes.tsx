import { createBrowserRouter, Navigate } from 'react-router';
import { EmailVerifiedPage } from './auth/EmailVerifiedPage';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { RequireSession } from './auth/RequireSession';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { SignInPage } from './auth/SignInPage';
import { SignUpPage } from './auth/SignUpPage';
import { InvitePage } from './invite/InvitePage';
import { ConfirmRequestPage } from './requests/ConfirmRequestPage';
import { FindOrganizationPage } from './requests/FindOrganizationPage';
import { OrgSignInPage } from './requests/OrgSignInPage';
import { InvitationsTab } from './invitations/InvitationsTab';
import { CreateOrganizationPage } from './orgs/CreateOrganizationPage';
import { HomeRedirect } from './orgs/HomeRedirect';
import { OrgLayout } from './orgs/OrgLayout';
import { WelcomePage } from './orgs/WelcomePage';
import { PeoplePage } from './people/PeoplePage';
import { PlatformAccessTab } from './people/PlatformAccessTab';
import { RequestsTab } from './people/RequestsTab';
import { UsersTab } from './people/UsersTab';
import { settingsRoutes } from './settings/routes';
import { NotFoundPage } from './shell/NotFoundPage';
import { Shell } from './shell/Shell';

/** Every page of the console. Pages outside the shell work without a session. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-up', element: <SignUpPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/email-verified', element: <EmailVerifiedPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  { path: '/o/:org/sign-in', element: <OrgSignInPage /> },
  { path: '/request', element: <FindOrganizationPage /> },
  { path: '/request/confirm', element: <ConfirmRequestPage /> },
  {
    path: '/',
    element: <RequireSession><Shell /></RequireSession>,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'welcome', element: <WelcomePage /> },
      { path: 'orgs/new', element: <CreateOrganizationPage /> },
      {
        path: 'o/:org',
        element: <OrgLayout />,
        children: [
          { index: true, element: <Navigate to="people" replace /> },
          {
            path: 'people',
            element: <PeoplePage />,
            children: [
              { index: true, element: <UsersTab /> },
              { path: 'platform-access', element: <PlatformAccessTab /> },
              { path: 'invitations', element: <InvitationsTab /> },
              { path: 'requests', element: <RequestsTab /> },
            ],
          },
          { path: 'settings', children: settingsRoutes },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
