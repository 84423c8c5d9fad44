// Placeholder while the counts are being built in this session.
export function TabLabel({ label }: { label: string; count: string }) {
  return <>{label}</>;
}
