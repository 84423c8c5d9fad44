import { MembersList } from './MembersList';

/** People → Users: every member, with status badges, inviter, search, filters and the admin's row controls. */
export function UsersTab() {
  return <MembersList kind="users" />;
}
