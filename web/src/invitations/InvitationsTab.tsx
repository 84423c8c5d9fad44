// Placeholder while this page is being built in this session.
export function InvitationsTab(_props: Record<string, unknown>) {
  return <p>InvitationsTab</p>;
}
