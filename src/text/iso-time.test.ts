import { describe, expect, test } from 'vitest';
import { isoTime, isoTimeOrNull } from './iso-time.ts';

describe('isoTime', () => {
  test('writes what toISOString writes, across four-digit years, leap days and the edges of the range', () => {
    const edges = [
      0, -1, 1, 951_782_400_000 /* 2000-02-29 */, -2_203_891_200_000 /* 1900-03-01 */, 4_107_542_400_000 /* 2100-03-01 */,
      -62_167_219_200_000 /* 0000-01-01 */, -62_162_035_200_000 /* 0000-03-01 */, 253_402_300_799_999 /* 9999-12-31T23:59:59.999 */,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2023, 11, 31, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 0, 0, 0, 1),
    ];
    for (const t of edges) expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 20_000; i++) {
      const t = Math.floor(-62_167_219_200_000 + next() * (253_402_300_799_999 + 62_167_219_200_000));
      expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
    }
  });

  test('leaves other years and invalid dates to toISOString', () => {
    for (const t of [-62_167_219_200_001, 253_402_300_800_000, 8.64e15, -8.64e15]) expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
    expect(isoTime(new Date(-62_167_219_200_001))).toBe('-000001-12-31T23:59:59.999Z');
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  test('isoTimeOrNull: null for a missing date, isoTime of a present one', () => {
    expect(isoTimeOrNull(null)).toBeNull();
    expect(isoTimeOrNull(undefined)).toBeNull();
    expect(isoTimeOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
