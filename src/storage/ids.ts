const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the string has the shape of our ids (uuid); anything else cannot match a row. */
export function isId(value: string): boolean {
  return UUID.test(value);
}
