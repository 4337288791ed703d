import { PROBLEM_DOCS_PATH, problemDoc, problemSlug } from './problem-catalog';

/**
 * RFC 9457 problem details. Every error the API returns is one of these, with a stable `code`
 * (clients switch on it) and, when one field is at fault, `field`.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export class ProblemException extends Error {
  override readonly name = 'ProblemException';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly field?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** `/problems/<slug>` (a page the app serves) for a catalogued code, else `about:blank`. */
export function problemType(code: string): string {
  return problemDoc(code) ? `${PROBLEM_DOCS_PATH}/${problemSlug(code)}` : 'about:blank';
}

export const Problems = {
  validation: (errors: Array<{ field: string; message: string }>) =>
    new ProblemException(400, 'VALIDATION_FAILED', 'The request is invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors[0]?.field, { errors }),
  unauthenticated: (detail: string) => new ProblemException(401, 'UNAUTHENTICATED', 'Authentication required', detail, undefined, {}, { 'www-authenticate': 'Bearer' }),
  forbidden: (detail: string) => new ProblemException(403, 'FORBIDDEN', 'Not allowed for this role', detail),
  notFound: (code: string, detail: string, field?: string) => new ProblemException(404, code, 'Not found', detail, field),
  projectionBehind: (minPosition: string, checkpoint: string) =>
    new ProblemException(503, 'PROJECTION_BEHIND', 'The read model has not reached your write yet', `waited for position ${minPosition}; projections are at ${checkpoint}`, 'minPosition', { checkpoint }, { 'retry-after': '1' }),
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemException(429, 'RATE_LIMITED', 'Too many requests', `rate limit reached; retry in ${retryAfterSeconds} s`, undefined, {}, { 'retry-after': String(retryAfterSeconds) }),
  storeUnavailable: (detail: string) =>
    new ProblemException(503, 'STORE_UNAVAILABLE', 'The event store is unavailable', detail, undefined, {}, { 'retry-after': '5' }),
};
