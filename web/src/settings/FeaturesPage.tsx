import { InvitationRequestsSettings } from './InvitationRequestsSettings';
import { LifetimeForm } from './LifetimeForm';
import { NotificationsSwitch } from './NotificationsSwitch';
import { SettingsPage } from './SettingsPage';
import { SlackForm } from './SlackForm';

/** Feature Management: the notifications switch, the invitation lifetime, invitation requests and Slack. */
export function FeaturesPage() {
  return (
    <SettingsPage title="Feature Management" description="What Guestlist sends for this organization, how long invitations last, and who may ask to be invited.">
      <NotificationsSwitch />
      <LifetimeForm />
      <InvitationRequestsSettings />
      <SlackForm />
    </SettingsPage>
  );
}
