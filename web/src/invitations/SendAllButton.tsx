// Placeholder while this part is being built in this session.
export function SendAllButton() {
  return <p>SendAllButton</p>;
}
