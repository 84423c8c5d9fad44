// Placeholder while this page is being built in this session.
export function Bell(_props: Record<string, unknown>) {
  return <p>Bell</p>;
}
