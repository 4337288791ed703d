import { randomUUID } from 'node:crypto';
import { REQUEST_EXAMPLES } from '@ledger/fund-ledger/request-examples';
import { AppHarness } from '../support/app-harness';

type Json = Record<string, unknown>;
interface Media {
  example?: Json;
  examples?: Record<string, { value: Json }>;
}
interface Operation {
  requestBody?: { content?: Record<string, Media> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}
interface Sent {
  operation: string;
  example: string;
  status: number;
  body: Json;
}

/**
 * Every request example /docs documents is valid: taken from the generated document (not from the
 * catalog), each is posted, in workflow order, to a fresh app with a fresh commandId, and answers 2xx.
 * The order is the catalog's (request-examples.ts); an operation with a body the catalog does not
 * name runs after it, with its schema-built example, and must pass too: the docs cannot drift from the API.
 */
describe('OpenAPI request examples: every one, in workflow order, succeeds on a fresh app', () => {
  let harness: AppHarness;
  let document: Document;

  beforeAll(async () => {
    harness = await AppHarness.start();
    document = (await harness.request<Document>('GET', '/docs/openapi.json', { role: null })).body;
  });

  afterAll(async () => {
    await harness.stop();
  });

  function documentedExamples(): Array<{ operation: string; method: string; path: string; name: string; body: Json }> {
    const found: Array<{ operation: string; method: string; path: string; name: string; body: Json }> = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const media = operation.requestBody?.content?.['application/json'];
        if (!media) continue;
        const named = media.examples ? Object.entries(media.examples).map(([name, e]) => [name, e.value] as const) : [];
        const all = media.example ? [...named, ['example', media.example] as const] : named;
        for (const [name, body] of all) found.push({ operation: `${method.toUpperCase()} ${path}`, method, path, name, body });
      }
    }
    return found;
  }

  it('documents at least one example for every operation with a request body', () => {
    const withBody = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.requestBody?.content?.['application/json'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const documented = new Set(documentedExamples().map((e) => e.operation));
    expect(withBody.length).toBeGreaterThan(20);
    expect(withBody.filter((operation) => !documented.has(operation))).toEqual([]);
  });

  it('gives every example a commandId of its own, and the catalog names only operations that exist', () => {
    const ids = documentedExamples()
      .map((e) => e.body['commandId'])
      .filter((id): id is string => typeof id === 'string');
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
    const operations = new Set(documentedExamples().map((e) => e.operation));
    expect(REQUEST_EXAMPLES.map(([operation]) => operation).filter((operation) => !operations.has(operation))).toEqual([]);
  });

  it('answers 2xx to each example, posted in workflow order with a fresh commandId', async () => {
    const order = REQUEST_EXAMPLES.flatMap(([operation, examples]) => examples.map((e) => `${operation}#${e.name}`));
    const rank = (key: string): number => (order.includes(key) ? order.indexOf(key) : order.length);
    const examples = documentedExamples().sort((a, b) => rank(`${a.operation}#${a.name}`) - rank(`${b.operation}#${b.name}`));
    const sent: Sent[] = [];
    const answers = new Map<string, Json>();
    for (const example of examples) {
      const fresh = 'commandId' in example.body ? { ...example.body, commandId: randomUUID() } : example.body;
      const { body, headers } = await completeFromEarlier(example.operation, fresh, answers);
      const answer = await harness.request<Json>('POST', example.path, headers ? { body, role: null, headers } : { body, role: 'admin' });
      if (answer.status < 300) answers.set(example.operation, answer.body);
      sent.push({ operation: example.operation, example: example.name, status: answer.status, body: answer.status >= 300 ? answer.body : {} });
    }
    const failed = sent.filter((s) => s.status < 200 || s.status >= 300);
    expect(failed).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(REQUEST_EXAMPLES.length);
  });
  /**
   * The corrections name an event recorded earlier (its id, stream and revision come from that command's
   * answer, unknowable in a static example), and an approval needs a second person: the test fills those in
   * from the answers of the examples already sent. Everything else is posted as documented.
   */
  async function completeFromEarlier(
    operation: string,
    body: Json,
    answers: ReadonlyMap<string, Json>,
  ): Promise<{ body: Json; headers?: Record<string, string> }> {
    const recorded = (source: string): { eventId: string; stream: string; revision: string } => {
      const answer = answers.get(source) as { stream: string; events: Array<{ id: string; revision: string }> } | undefined;
      if (answer === undefined) throw new Error(`${operation} needs ${source} to have answered first`);
      return { eventId: answer.events[0]!.id, stream: answer.stream, revision: answer.events[0]!.revision };
    };
    const secondPerson = { authorization: `Bearer ${harness.token('admin', 'e2e-second-approver')}` };
    switch (operation) {
      case 'POST /reversals':
        return { body: { ...body, ...recorded('POST /fund-book/payments/medical-assistance'), effectiveDate: '2025-04-02' } };
      case 'POST /reversals/approvals':
        return { body: { ...body, eventId: recorded('POST /fund-book/payments/medical-assistance').eventId }, headers: secondPerson };
      case 'POST /reversals/rejections': {
        // A request of its own to reject (the first was approved): the critical-illness premium's.
        const premium = recorded('POST /fund-book/payments/critical-illness-premiums');
        const requested = await harness.request('POST', '/reversals', {
          body: { commandId: randomUUID(), ...premium, reason: '待核实', effectiveDate: '2025-04-02' },
          role: 'admin',
        });
        if (requested.status !== 201) throw new Error(`requesting a reversal to reject: ${JSON.stringify(requested.body)}`);
        return { body: { ...body, eventId: premium.eventId } };
      }
      default:
        return { body };
    }
  }
});
