import type { OpenAPIObject } from '@nestjs/swagger';
import { REQUEST_EXAMPLES } from '../request-examples';
import { REQUEST_YUAN_PATTERN, WORKFLOW_TAGS, YUAN_PATTERN, finishDocument, swaggerUiOptions } from './openapi-document';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the spec walks an untyped JSON document
type Json = Record<string, any>;

/** A small generated-looking document: one command with a catalogued example, one without, one read. */
function sampleDocument(): OpenAPIObject {
  const body = (name: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/funds': { post: { tags: ['registry'], requestBody: body('RegisterFundRequest'), responses: {} } },
      '/unknown-command': { post: { tags: ['zzz-new'], requestBody: body('UnknownRequest'), responses: {} } },
      '/fund-balances/{fundId}': {
        get: { tags: ['funds'], parameters: [{ name: 'year', in: 'query', schema: { type: 'number' } }], responses: {} },
      },
    },
    components: {
      schemas: {
        RegisterFundRequest: { type: 'object', properties: { commandId: { type: 'string', format: 'uuid' }, fundId: { type: 'string', example: 'F' } } },
        UnknownRequest: {
          type: 'object',
          properties: {
            commandId: { type: 'string', format: 'uuid' },
            year: { type: 'number', example: 2025 },
            amountYuan: { type: 'string', example: '1.00' },
            lines: { type: 'array', items: { $ref: '#/components/schemas/LineRequest' } },
            kind: { type: 'string', enum: ['a', 'b'] },
          },
        },
        LineRequest: { type: 'object', properties: { baseYuan: { type: 'string', example: '2.00' }, serviceYear: { type: 'string' } } },
        BalanceView: { type: 'object', properties: { closingBalanceYuan: { type: 'string' }, lastYearQuotaYuan: { type: 'object' } } },
      },
    },
  } as unknown as OpenAPIObject;
}

describe('finishDocument: the rules of the whole API over the generated document', () => {
  const document = finishDocument(sampleDocument(), REQUEST_EXAMPLES) as unknown as Json;
  const schemas = document['components']['schemas'];

  it('types every year as an integer, in schemas and parameters', () => {
    expect(schemas.UnknownRequest.properties.year.type).toBe('integer');
    expect(schemas.LineRequest.properties.serviceYear.type).toBe('integer');
    expect(document['paths']['/fund-balances/{fundId}'].get.parameters[0].schema.type).toBe('integer');
  });

  it('gives amounts the yuan pattern: unsigned in requests, signed in answers, and a string for `string | null`', () => {
    expect(schemas.UnknownRequest.properties.amountYuan.pattern).toBe(REQUEST_YUAN_PATTERN);
    expect(schemas.LineRequest.properties.baseYuan.pattern).toBe(REQUEST_YUAN_PATTERN);
    expect(schemas.BalanceView.properties.closingBalanceYuan.pattern).toBe(YUAN_PATTERN);
    expect(schemas.BalanceView.properties.lastYearQuotaYuan).toMatchObject({ type: 'string', pattern: YUAN_PATTERN });
    expect(new RegExp(YUAN_PATTERN).test('-12.30')).toBe(true);
    expect(new RegExp(REQUEST_YUAN_PATTERN).test('-12.30')).toBe(false);
  });

  it("uses the catalog's examples, each with a commandId of its own, and builds one from the schema otherwise", () => {
    const examples = document['paths']['/funds'].post.requestBody.content['application/json'].examples as Record<string, { value: Json }>;
    const ids = Object.values(examples).map((e) => e.value['commandId'] as string);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const built = document['paths']['/unknown-command'].post.requestBody.content['application/json'].example as Json;
    expect(built).toEqual({ commandId: expect.any(String), year: 2025, amountYuan: '1.00', lines: [{ baseYuan: '2.00' }], kind: 'a' });
    expect(ids).not.toContain(built['commandId']);
  });

  it('orders the tags as the workflow runs, the unknown ones last', () => {
    const names = (document['tags'] as Array<{ name: string; description?: string }>).map((t) => t.name);
    expect(names).toEqual(['registry', 'funds', 'zzz-new']);
    expect(WORKFLOW_TAGS.findIndex((t) => t.name === 'registry')).toBeLessThan(WORKFLOW_TAGS.findIndex((t) => t.name === 'funds'));
  });
});

describe("Swagger UI's request interceptor: a fresh commandId per try", () => {
  const documented = '11111111-1111-4111-8111-111111111111';
  const spec = { paths: { '/funds': { post: { requestBody: { content: { 'application/json': { examples: { a: { value: { commandId: documented } } } } } } } } } };
  const intercept = swaggerUiOptions()['requestInterceptor'] as (request: { body?: unknown }) => { body?: unknown };

  beforeAll(() => {
    (globalThis as Json)['window'] = { ui: { specSelectors: { specJson: () => ({ toJS: () => spec }) } } };
  });

  afterAll(() => {
    delete (globalThis as Json)['window'];
  });

  it('replaces a commandId still equal to a documented example, every time', () => {
    const first = JSON.parse(String(intercept({ body: JSON.stringify({ commandId: documented, fundId: 'F' }) }).body)) as Json;
    const second = JSON.parse(String(intercept({ body: JSON.stringify({ commandId: documented, fundId: 'F' }) }).body)) as Json;
    expect(first['commandId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first['commandId']).not.toBe(documented);
    expect(second['commandId']).not.toBe(first['commandId']);
    expect(first['fundId']).toBe('F');
  });

  it('sends a commandId the user typed, a body without one and a non-JSON body unchanged', () => {
    const typed = JSON.stringify({ commandId: '22222222-2222-4222-8222-222222222222' });
    expect(intercept({ body: typed }).body).toBe(typed);
    expect(intercept({ body: '{"fundId":"F"}' }).body).toBe('{"fundId":"F"}');
    expect(intercept({ body: 'commandId: not json' }).body).toBe('commandId: not json');
    expect(intercept({}).body).toBeUndefined();
  });
});
