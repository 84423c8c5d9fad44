import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError, describeError } from '../api/problem';
import type { Member } from '../api/types';

/** How a person is named in messages: their name, else their address. */
export function displayName(member: Pick<Member, 'name' | 'email'>): string {
  return member.name || member.email;
}

/**
 * Why nothing was sent while notifications are off, with the way to turn them back on. Shown in
 * notifications, which live outside the router: the link is a plain one.
 */
export function NotificationsOffText({ slug }: { slug: string }) {
  return (
    <>
      Notifications are off for this organization, so no email was sent. Turn them on in{' '}
      <Anchor href={`/o/${slug}/settings/features`} inherit>Feature Management</Anchor>, then send the invitation.
    </>
  );
}

/** A success message that goes away by itself. */
export function notifyDone(message: string): void {
  notifications.show({ color: 'teal', message });
}

/** Nothing was sent because notifications are off: says so and how to turn them back on; stays until closed. */
export function notifyNotificationsOff(title: string, slug: string): void {
  notifications.show({ color: 'yellow', title, message: <NotificationsOffText slug={slug} />, autoClose: false });
}

/** A failed action in plain words; notifications_disabled says how to turn them back on. */
export function notifyFailed(title: string, error: unknown, slug: string): void {
  if (error instanceof ApiError && error.code === 'notifications_disabled') notifyNotificationsOff(title, slug);
  else notifications.show({ color: 'red', title, message: describeError(error), autoClose: 8000 });
}
