import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { ApiError, describeError } from '../api/problem';
import type { Member } from '../api/types';

/** How a person is named in messages: their name, else their address. */
export function displayName(member: Pick<Member, 'name' | 'email'>): string {
  return member.name || member.email;
}

/** Why nothing was sent while notifications are off, with the way to turn them back on. */
export function NotificationsOffText({ slug }: { slug: string }) {
  return (
    <>
      Notifications are off for this organization, so no email was sent. Turn them on in{' '}
      <Anchor component={Link} to={`/o/${slug}/settings/features`} inherit>Feature Management</Anchor>, then send the invitation.
    </>
  );
}

/** A success message that goes away by itself. */
export function notifyDone(message: string): void {
  notifications.show({ color: 'teal', message });
}

/** A failed action in plain words; notifications_disabled says how to turn them back on. */
export function notifyFailed(title: string, error: unknown, slug: string): void {
  const off = error instanceof ApiError && error.code === 'notifications_disabled';
  notifications.show({
    color: off ? 'yellow' : 'red',
    title,
    message: off ? <NotificationsOffText slug={slug} /> : describeError(error),
    autoClose: off ? false : 8000,
  });
}
