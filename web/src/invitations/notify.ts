import { notifications, type NotificationData } from '@mantine/notifications';

/** Every dialog's close button says what it does (Mantine leaves it unnamed). */
export const closeButtonProps = { 'aria-label': 'Close dialog' };

/** A notification whose close button is named, as axe-core asks of every button. */
export function notify(data: NotificationData): void {
  notifications.show({ closeButtonProps: { 'aria-label': 'Hide notification' }, ...data });
}
