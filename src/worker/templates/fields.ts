/**
 * Thrown when a message cannot be rendered because of the message itself (an unknown kind, or a
 * payload field that is missing or of the wrong type): retrying cannot help, so the worker marks
 * the message failed for good.
 */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Typed, validated access to one message's payload; every failure names the kind and the field. */
export interface Fields {
  /** A non-empty string, flattened to one line. */
  text(field: string): string;
  /** A string, null or absent (absent and null read as ''), flattened to one line. */
  optionalText(field: string): string;
  /** An absolute http(s) URL, normalized by the URL parser. */
  url(field: string): string;
  /** One of the allowed strings. */
  choice<T extends string>(field: string, allowed: readonly T[]): T;
  /** An ISO 8601 timestamp. */
  time(field: string): Date;
}

const lineBreaksAndControls = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Replaces control characters and line breaks with one space each run, and trims. */
export function oneLine(value: string): string {
  return value.replace(lineBreaksAndControls, ' ').trim();
}

/** Opens a payload for reading; a payload that is not an object fails at once. */
export function readFields(kind: string, payload: Record<string, unknown>): Fields {
  const fail = (field: string, problem: string): never => {
    throw new TemplateError(`${JSON.stringify(kind)} message: payload field "${field}" ${problem}`);
  };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) fail('(payload)', 'must be an object');
  const read = (field: string): unknown => (Object.hasOwn(payload, field) ? payload[field] : undefined);
  const string = (field: string): string => {
    const value = read(field);
    return typeof value === 'string' ? value : fail(field, value === undefined ? 'is missing' : 'must be a string');
  };
  return {
    text(field) {
      return oneLine(string(field)) || fail(field, 'must not be empty');
    },
    optionalText(field) {
      const value = read(field);
      return value === null || value === undefined ? '' : oneLine(string(field));
    },
    url(field) {
      const value = string(field);
      const parsed = URL.parse(value);
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return fail(field, 'must be an http(s) URL');
      return parsed.href;
    },
    choice<T extends string>(field: string, allowed: readonly T[]): T {
      const value = string(field);
      return allowed.find((a) => a === value) ?? fail(field, `must be one of ${allowed.join(', ')}`);
    },
    time(field) {
      const value = string(field);
      const date = new Date(value);
      return isoTimestamp.test(value) && !Number.isNaN(date.getTime()) ? date : fail(field, 'must be an ISO 8601 timestamp');
    },
  };
}
