import { LifetimeForm } from './LifetimeForm';
import { NotificationsSwitch } from './NotificationsSwitch';
import { SettingsPage } from './SettingsPage';
import { SlackForm } from './SlackForm';

/** Feature Management: the notifications switch, the invitation lifetime and Slack. */
export function FeaturesPage() {
  return (
    <SettingsPage title="Feature Management" description="What Guestlist sends for this organization, and how long invitations last.">
      <NotificationsSwitch />
      <LifetimeForm />
      <SlackForm />
    </SettingsPage>
  );
}
