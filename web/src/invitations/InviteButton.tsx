// Placeholder while this part is being built in this session.
export function InviteButton() {
  return <p>InviteButton</p>;
}
