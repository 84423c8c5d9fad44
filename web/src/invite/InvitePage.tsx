// Placeholder while this page is being built in this session.
export function InvitePage(_props: Record<string, unknown>) {
  return <p>InvitePage</p>;
}
