import { MembersList } from './MembersList';

/** People → Users: every member, with status badges, source, inviter, search, filters and the admin's row controls. */
export function UsersTab() {
  return <MembersList kind="users" />;
}
