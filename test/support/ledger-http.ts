import type { AppHarness, HttpAnswer } from './app-harness';

/** What a command answers (CommandResult), typed for assertions. */
export interface CommandAnswer {
  commandId: string;
  stream: string;
  position: string | null;
  events: Array<{ id: string; type: string; revision: string; data: Record<string, unknown> }>;
  replayed: boolean;
}

export type FundKindName = 'employee_pooled' | 'employee_personal' | 'resident_pooled' | 'medical_assistance' | 'maternity';

/** Registers a fund as finance and fails loudly if that did not work (setup of the specs that follow). */
export async function registerFund(harness: AppHarness, fundId: string, kind: FundKindName): Promise<void> {
  const answer = await harness.post('/funds', { fundId, name: `${fundId} 基金`, kind, poolingRegion: '沈阳市' }, 'finance');
  if (answer.status !== 201) throw new Error(`registering ${fundId}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** The answer is an RFC 9457 problem with this status and code (and field, when given). */
export function expectProblem(answer: HttpAnswer<object>, status: number, code: string, field?: string): void {
  // One object, so a failure shows the whole problem body next to what was expected.
  expect({ httpStatus: answer.status, ...answer.body }).toMatchObject({ httpStatus: status, code, ...(field === undefined ? {} : { field }) });
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** The global position of the last event in the store: unchanged means nothing was appended. */
export const headPosition = async (harness: AppHarness): Promise<string> => String(await harness.store.headPosition());

/** The events stored in a stream, read back through the auditor's endpoint. */
export async function storedEvents(harness: AppHarness, stream: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const answer = await harness.get<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(`/audit/streams/${stream}/events`);
  return answer.body.events;
}

/** The paths and methods /docs/openapi.json documents. */
export async function documentedOperations(harness: AppHarness): Promise<Record<string, Record<string, { responses: Record<string, unknown> }>>> {
  const answer = await harness.request<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>('GET', '/docs/openapi.json', { role: null });
  return answer.body.paths;
}
