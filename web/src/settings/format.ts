const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A moment as people read it ("22 Nov 2026, 08:57"), in their own time zone. */
export function formatWhen(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** A day ("22 Nov 2026"). */
export function formatDay(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** "3" → "3 messages", "1" → "1 message". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
