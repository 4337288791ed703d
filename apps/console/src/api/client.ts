/** A problem+json answer (RFC 9457) as the API sends it: switch on `code`, show title, code and field. */
export interface Problem {
  status: number;
  title: string;
  code: string;
  detail?: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
  }
}

/** The one global time-travel point: a recorded instant (ISO with offset) or a global position. */
export type AsOf = { kind: 'time'; value: string } | { kind: 'position'; value: string };

export type Query = Record<string, string | number | undefined | null>;

let bearer: string | undefined;

export function setBearer(token: string | undefined): void {
  bearer = token;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { status: response.status, title: body.title ?? response.statusText, code: body.code ?? `HTTP_${response.status}`, detail: body.detail, field: body.field, errors: body.errors };
  } catch {
    return { status: response.status, title: response.statusText || 'Request failed', code: `HTTP_${response.status}` };
  }
}

export async function apiRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers['authorization'] = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiProblem({ status: 0, title: 'The service is unreachable', code: 'NETWORK_ERROR', detail: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) throw new ApiProblem(await problemOf(response));
  return (await response.json()) as T;
}

export const apiGet = <T>(path: string, query?: Query): Promise<T> => apiRequest<T>('GET', withQuery(path, query));

/** A v4 UUID from getRandomValues: crypto.randomUUID exists only in secure contexts (not plain HTTP on a LAN). */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A command: a fresh commandId in front of the body's fields (every command is idempotent by it). */
export const apiCommand = <T>(path: string, body: Record<string, unknown>): Promise<T> => apiRequest<T>('POST', path, { commandId: newCommandId(), ...body });
