/** An RFC 9457 problem the API answered, with its stable code and, for bad input, which fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: { path: string; message: string }[];

  constructor(status: number, body: unknown) {
    const p = (body ?? {}) as { code?: string; detail?: string; title?: string; message?: string; errors?: { path: string; message: string }[] };
    super(p.detail ?? p.message ?? p.title ?? `The server answered ${status}.`);
    this.status = status;
    this.code = p.code ?? `http_${status}`;
    this.fieldErrors = p.errors ?? [];
  }

  /** The message of the field whose path ends with `field` (e.g. "body/email" for "email"). */
  forField(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === field || e.path.endsWith(`/${field}`) || e.path.endsWith(`.${field}`))?.message;
  }
}

/** The data of an openapi-fetch result, or its problem thrown as an ApiError. */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(call: Promise<R>): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as NonNullable<R['data']>;
}

/** Plain words for any error, for a notification or an inline alert. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
