// Placeholder while this page is being built in this session.
export function PendingInvitationsList({ emptyText }: { emptyText: string }) {
  return <p>{emptyText}</p>;
}
