import { WORKFLOW_TAGS } from '@ledger/fund-ledger/application/openapi-document';
import { AppHarness } from '../support/app-harness';

type Json = Record<string, unknown>;
interface Response {
  content?: Record<string, { schema?: Json }>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: Json }>;
  responses: Record<string, Response>;
}
interface Document {
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, Json> }> };
}

/**
 * The contract /docs/openapi.json states, checked on the generated document itself: every operation has a
 * summary and a 2xx schema, every error response is application/problem+json, tags come in workflow order
 * with descriptions, every year is an integer and every yuan string has its pattern.
 */
describe('OpenAPI contract: the generated document', () => {
  let harness: AppHarness;
  let document: Document;
  const operations: Array<{ id: string; operation: Operation }> = [];

  beforeAll(async () => {
    harness = await AppHarness.start();
    document = (await harness.request<Document>('GET', '/docs/openapi.json', { role: null })).body;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) operations.push({ id: `${method.toUpperCase()} ${path}`, operation });
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('documents the operations (48 at least)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(48);
  });

  it('gives every operation a summary', () => {
    expect(operations.filter(({ operation }) => !operation.summary?.trim()).map(({ id }) => id)).toEqual([]);
  });

  it('gives every operation a 2xx response with a schema', () => {
    const missing = operations
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        return !success.some(([, response]) => Object.values(response.content ?? {}).some((media) => media.schema));
      })
      .map(({ id }) => id);
    expect(missing).toEqual([]);
  });

  it('declares every 4xx and 5xx response as application/problem+json with the ProblemView schema', () => {
    const wrong: string[] = [];
    for (const { id, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const types = Object.keys(response.content ?? {});
        const schema = response.content?.['application/problem+json']?.schema;
        if (types.length !== 1 || schema?.['$ref'] !== '#/components/schemas/ProblemView') wrong.push(`${id} ${status}: ${types.join(',') || 'no content'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(document.components.schemas['ProblemView']?.properties).toEqual(
      expect.objectContaining({ type: expect.anything(), code: expect.anything(), status: expect.anything(), detail: expect.anything() }),
    );
  });

  it('declares the problems every command can meet', () => {
    const commands = operations.filter(({ operation }) => operation.responses['201']);
    expect(commands.length).toBeGreaterThan(20);
    for (const { id, operation } of commands) {
      expect({ id, statuses: Object.keys(operation.responses) }).toEqual({
        id,
        statuses: expect.arrayContaining(['400', '401', '403', '409', '413', '429', '503']),
      });
    }
  });

  it('lists the tags in workflow order, each with a description, covering every tag used', () => {
    const tags = document.tags ?? [];
    const used = new Set(operations.flatMap(({ operation }) => operation.tags ?? []));
    expect(tags.map((t) => t.name).sort()).toEqual([...used].sort());
    expect(tags.filter((t) => !t.description).map((t) => t.name)).toEqual([]);
    const known = tags.map((t) => t.name).filter((name) => WORKFLOW_TAGS.some((w) => w.name === name));
    expect(known).toEqual(WORKFLOW_TAGS.map((w) => w.name).filter((name) => known.includes(name)));
  });

  it('types every year as an integer, in parameters and in schemas', () => {
    const wrong: string[] = [];
    for (const { id, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.name === 'year' && parameter.schema?.['type'] !== 'integer') wrong.push(`${id} ${parameter.in} ${parameter.name}`);
      }
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (/^(year|[a-z]+Year)$/.test(property) && value['type'] !== 'integer' && value['type'] !== 'array') wrong.push(`${name}.${property}: ${String(value['type'])}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('types every amount (…Yuan) as a string with the yuan pattern', () => {
    const wrong: string[] = [];
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (!/Yuan$/.test(property) || value['type'] === 'array') continue;
        if (value['type'] !== 'string' || typeof value['pattern'] !== 'string') wrong.push(`${name}.${property}`);
      }
    }
    expect(wrong).toEqual([]);
    const amount = new RegExp(String(document.components.schemas['DisbursePrepaymentRequest']?.properties?.['grossYuan']?.['pattern']));
    expect(['3000000.00', '12.3', '0'].every((v) => amount.test(v))).toBe(true);
    expect(['1e3', '1.005', '-1.00', ' 1'].some((v) => amount.test(v))).toBe(false);
  });

  it('documents the paging parameters of the audit history', () => {
    const parameters = document.paths['/audit/streams/{stream}/events']?.['get']?.parameters ?? [];
    expect(parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['fromRevision', 'limit', 'direction']));
  });
});
