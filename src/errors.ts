/**
 * Every error the API answers with, each once: a stable code, its HTTP status and message.
 * Domain code throws these; one handler (src/http/error-handler.ts) renders them as
 * `{ "error": { "code", "message", "fields"?, ... } }`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Bad input, by field name (alias for contacts). */
    readonly fields?: Readonly<Record<string, string>>,
    /** Extra members of the error object, such as the id of a clashing contact. */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export type FieldErrors = Record<string, string>;

export const errors = {
  validation: (fields: FieldErrors) =>
    new AppError('validation_failed', 400, `Invalid input: ${Object.keys(fields).join(', ')}`, fields),
  badRequest: (message: string) => new AppError('bad_request', 400, message),
  /** `position` is the 0-based offset in the search string of what is wrong. */
  searchSyntax: (message: string, position: number) =>
    new AppError('search_syntax', 400, `Search: ${message} (at position ${position})`, { search: message }, { position }),
  invalidJson: (message: string) => new AppError('invalid_json', 400, `Body is not valid JSON: ${message}`),
  unsupportedMediaType: (type: string) =>
    new AppError('unsupported_media_type', 415, `Content-Type ${type || '(none)'} is not accepted here; send application/json`),
  payloadTooLarge: (limit: number) =>
    new AppError('payload_too_large', 413, `Body is larger than the limit of ${limit} bytes`),
  unauthenticated: () => new AppError('unauthenticated', 401, 'Sign in or send an API token'),
  invalidCredentials: () => new AppError('invalid_credentials', 401, 'Wrong username or password'),
  forbidden: (message = 'You do not have access to this') => new AppError('forbidden', 403, message),
  csrf: () => new AppError('csrf_failed', 403, 'Missing or wrong X-CSRF-Token header for a signed-in request'),
  notFound: (what: string) => new AppError('not_found', 404, `${what} not found`),
  routeNotFound: (method: string, url: string) => new AppError('route_not_found', 404, `No route for ${method} ${url}`),
  methodNotAllowed: (method: string, url: string) =>
    new AppError('method_not_allowed', 405, `${method} is not allowed on ${url}`),
  duplicateContact: (field: string, existingId: number) =>
    new AppError(
      'duplicate_contact',
      409,
      `Another contact (id ${existingId}) already has this ${field}`,
      { [field]: `already used by contact ${existingId}` },
      { existing_id: existingId },
    ),
  conflict: (message: string, fields?: FieldErrors) => new AppError('conflict', 409, message, fields),
  gone: (message: string) => new AppError('gone', 410, message),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, `Too many attempts; try again in ${retryAfterSeconds} s`),
  unavailable: (message: string) => new AppError('unavailable', 503, message),
  internal: () => new AppError('internal_error', 500, 'Something went wrong on our side; it has been logged'),
} as const;
