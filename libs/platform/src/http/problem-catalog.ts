/**
 * The documentation behind every problem `type`. A problem whose code is catalogued gets the type
 * `/problems/<code-in-kebab-case>` (a URI reference, resolved against the API's own address), a page the
 * app serves (http-edge.ts); any other code gets `about:blank` (RFC 9457 §4.2: no more than the status).
 * The platform's codes are here; the domain registers its own at start (registerProblemCodes), so the
 * platform never imports the domain.
 */
export interface ProblemCodeDoc {
  /** The HTTP status the code comes with. */
  readonly status: number;
  /** What it means and what the client should do, one or two sentences. */
  readonly meaning: string;
}

export const PROBLEM_DOCS_PATH = '/problems';
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

const PLATFORM_CODES: Readonly<Record<string, ProblemCodeDoc>> = {
  VALIDATION_FAILED: { status: 400, meaning: 'A field of the body, path or query is invalid; `errors[]` lists each field with its message and `field` names the first. Fix the request; retrying it unchanged fails again.' },
  INVALID_ARGUMENT: { status: 400, meaning: 'A paging or stream argument the event store refuses (e.g. a revision out of range).' },
  MALFORMED_JSON: { status: 400, meaning: 'The body is not JSON, is empty, nests deeper than 32 levels, or carries `__proto__`/`constructor.prototype` keys.' },
  MALFORMED_REQUEST: { status: 400, meaning: 'The request could not be parsed (headers, content length).' },
  UNAUTHENTICATED: { status: 401, meaning: 'No bearer token, or one that is malformed, expired, signed with another secret or for another issuer. Send `Authorization: Bearer <token>`.' },
  FORBIDDEN: { status: 403, meaning: "The token's role may not do this (the auditor never writes; each command names the roles it accepts; admin may do everything)." },
  NOT_FOUND: { status: 404, meaning: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'The route exists with another method.' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, meaning: 'This commandId was already used with another body. Send a new UUID for every new command; reuse an id only to retry the very same body.' },
  CONCURRENCY_CONFLICT: { status: 409, meaning: 'Another command kept changing the same stream while this one was retried; nothing was written. Retry with the same commandId.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The body is larger than LEDGER_BODY_LIMIT_BYTES.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'Send bodies as `application/json`.' },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests from this token subject (or, without a token, this address) in the window; wait for `Retry-After` seconds.' },
  INTERNAL: { status: 500, meaning: 'An unexpected error; it has been logged with the request id (x-request-id). Nothing is half-written: a failed command appends nothing.' },
  STORE_UNAVAILABLE: { status: 503, meaning: 'The event store cannot be reached. Retry after `Retry-After` seconds with the same commandId.' },
  STORE_DISK_FULL: { status: 503, meaning: 'The disk holding the store is full. Nothing was written; writes resume by themselves once space is freed. Retry with the same commandId after `Retry-After`.' },
  STORE_READ_ONLY: { status: 503, meaning: 'The store cannot be written (read-only file, directory or filesystem). Nothing was written; writes resume once it is writable. Retry with the same commandId.' },
  STORE_IO_ERROR: { status: 503, meaning: 'The device holding the store reported an I/O error. Nothing was acknowledged; an operator checks the disk.' },
  STORE_FILE_REMOVED: { status: 503, meaning: 'The store file was removed or replaced while open: writes are refused until an operator restores it and restarts the service.' },
  STORE_TIMEOUT: { status: 503, meaning: 'The database did not answer within the statement timeout. Retry with the same commandId: a command is appended at most once.' },
  STORE_CONNECTION_LOST: { status: 503, meaning: 'The connection to the database was lost; the store reconnects by itself. Retry with the same commandId.' },
  STORE_BUSY: { status: 503, meaning: "The store's queue is full. Retry after `Retry-After` seconds with the same commandId." },
  NOT_READY: { status: 503, meaning: 'GET /health: a readiness check is down (store, projection lag, trial balance); `checks` says which and why. Orchestrators stop routing to the instance until it is up.' },
  PROJECTION_BEHIND: { status: 503, meaning: 'The read model has not reached `minPosition` within `waitMs`. Retry, or wait longer.' },
};

const catalog = new Map<string, ProblemCodeDoc>(Object.entries(PLATFORM_CODES));

/** Adds (or refines) codes; a malformed code is refused so that every type stays a well-formed path. */
export function registerProblemCodes(codes: Readonly<Record<string, ProblemCodeDoc>>): void {
  for (const [code, doc] of Object.entries(codes)) {
    if (!CODE.test(code)) throw new Error(`problem code ${JSON.stringify(code)} must be UPPER_SNAKE`);
    catalog.set(code, doc);
  }
}

export const problemSlug = (code: string): string => code.toLowerCase().replace(/_/g, '-');

export function problemDoc(code: string): ProblemCodeDoc | undefined {
  return catalog.get(code);
}

/** The catalogued code of a `/problems/<slug>` page, if any. */
export function codeOfSlug(slug: string): string | undefined {
  if (!/^[a-z0-9-]{2,64}$/.test(slug)) return undefined;
  const code = slug.toUpperCase().replace(/-/g, '_');
  return catalog.has(code) ? code : undefined;
}

export function catalogedCodes(): ReadonlyArray<[string, ProblemCodeDoc]> {
  return [...catalog.entries()].sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b));
}
