/**
 * A Date as `toISOString` writes it (`2026-12-07T15:08:40.123Z`), computed from its time value.
 * A list row carries one to six timestamps, and V8's `toISOString` took ~0.6 µs each (a page of 50
 * pending invitations writes 150: ~0.1 ms of the ~1.4 ms its request cost the embedded server,
 * bench/RESULTS.md); this takes under a third of that. Years outside 0000–9999 (six-digit years)
 * and invalid dates (a RangeError) are left to `toISOString`.
 */
export function isoTime(date: Date): string {
  const time = date.getTime();
  if (!(time >= FIRST && time <= LAST)) return date.toISOString();
  const days = Math.floor(time / DAY);
  let rest = time - days * DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const ms = rest - seconds * 1000;
  // The civil date of a day count since 1970-01-01, in 400-year eras that start on 1 March
  // (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March ... 11 = February
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${TWO[Math.floor(year / 100)]}${TWO[year % 100]}-${TWO[month]}-${TWO[day]}T${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[ms]}Z`;
}

/** `isoTime` of a date that may be missing: null then. */
export function isoTimeOrNull(date: Date | null | undefined): string | null {
  return date ? isoTime(date) : null;
}

const DAY = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
const FIRST = -62_167_219_200_000;
const LAST = 253_402_300_799_999;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
