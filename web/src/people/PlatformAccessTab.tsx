// Placeholder while this page is being built in this session.
export function PlatformAccessTab(_props: Record<string, unknown>) {
  return <p>PlatformAccessTab</p>;
}
