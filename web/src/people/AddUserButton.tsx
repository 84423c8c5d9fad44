// Placeholder while this part is being built in this session.
export function AddUserButton() {
  return <p>AddUserButton</p>;
}
