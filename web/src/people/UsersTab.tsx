// Placeholder while this page is being built in this session.
export function UsersTab(_props: Record<string, unknown>) {
  return <p>UsersTab</p>;
}
