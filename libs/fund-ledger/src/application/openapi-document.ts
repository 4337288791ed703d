import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ProblemFieldView, ProblemView } from './openapi';
import type { RequestExample, RequestExampleCatalog } from './request-example';

/**
 * The finishing pass over the generated OpenAPI document: what is a rule of the whole API rather than of
 * one DTO. Tags in workflow order with descriptions; every `year` an integer; every `…Yuan` amount a
 * string with the yuan pattern; and every command's request example assembled from its schema's property
 * examples, with a commandId of its own (Swagger UI's "Try it out" starts from it).
 */

/** The tags in the order a city's year runs, with what each holds. Tags not listed here follow, in name order. */
export const WORKFLOW_TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'registry', description: '1. Set up: funds (基金), payees (定点医疗机构) and their agreements (定点协议). Finance.' },
  { name: 'budget-policy', description: "2. Plan: a fund-year's global-budget policy (deposit rate, retention and sharing tiers). Planners." },
  { name: 'contributions', description: '3. Income: contribution rates, payroll (employee) and resident contributions. Finance.' },
  { name: 'allocation', description: "4. Plan: the fund budget, history import, preview and commit of the allocation run that sets each hospital's quota. Planners." },
  { name: 'hospital-budgets', description: "5. The finance team's month: quotas, prepayments (预付), settlements with refusals, clawbacks, penalties, scores and the year-end settlement (年终清算)." },
  { name: 'fund-book', description: "The fund's other books: opening balances, payments besides hospital budgets (reimbursements, personal accounts, medical assistance, critical-illness premiums, suppliers, out-of-area care, earmarked advances) and their open items. Finance." },
  { name: 'corrections', description: 'Corrections (红字冲销): a money event reversed by its exact negation, requested by one finance user and approved by another (four-eyes). Finance.' },
  { name: 'fund-close', description: '6. Year end: close a fund-year (settles every hospital-year) and its report.' },
  { name: 'funds', description: 'Reports: fund income, expenditure and balances by month (基金收支) and the 统计月报 (JSON or CSV).' },
  { name: 'journal', description: 'Reports: the double-entry journal (trial balance, account balances) and the projections behind every read.' },
  { name: 'audit', description: "Auditors: any stream's events with their metadata and hash links, and chain verification." },
  { name: 'health', description: 'Operations: readiness and liveness probes (no token).' },
];

/** A yuan amount on the wire: a decimal string, at most 2 places; requests never carry a sign. */
export const REQUEST_YUAN_PATTERN = '^\\d{1,14}(\\.\\d{1,2})?$';
export const YUAN_PATTERN = '^-?\\d{1,14}(\\.\\d{1,2})?$';
const YUAN_DESCRIPTION = 'Yuan: a decimal string with at most 2 places.';

/** The models every document needs whether or not a DTO names them (problem bodies). */
export const DOCUMENT_EXTRA_MODELS = [ProblemView, ProblemFieldView];

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; $ref?: string; allOf?: Schema[] };
type Operation = Record<string, unknown> & {
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: Schema; description?: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: Record<string, unknown> }> };
};

export function finishDocument(document: OpenAPIObject, examples: RequestExampleCatalog = []): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const requestSchemas = new Set<string>();
  for (const operation of operations(document)) {
    const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
    if (ref) collectRefs(ref, schemas, requestSchemas);
  }
  for (const [name, schema] of Object.entries(schemas)) normaliseSchema(schema, requestSchemas.has(name));
  for (const operation of operations(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.schema && isYearName(parameter.name)) parameter.schema['type'] = 'integer';
    }
  }
  addRequestExamples(document, schemas, examples);
  document.tags = orderedTags(document);
  return document;
}

/**
 * Each command's examples: the catalog's (request-examples.ts), else one built from the schema's property
 * examples; a commandId of its own in every one that has the field.
 */
function addRequestExamples(document: OpenAPIObject, schemas: Record<string, Schema>, examples: RequestExampleCatalog): void {
  const catalog = new Map<string, RequestExample[]>();
  for (const [operation, named] of examples) catalog.set(operation, [...(catalog.get(operation) ?? []), ...named]);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const media = operation.requestBody?.content?.['application/json'];
      if (!media?.schema?.$ref || media.example !== undefined) continue;
      const schema = schemas[refName(media.schema.$ref)];
      const withId = (value: Record<string, unknown>): Record<string, unknown> =>
        schema?.properties?.['commandId'] ? { commandId: randomUUID(), ...value } : { ...value };
      const named = catalog.get(`${method.toUpperCase()} ${path}`);
      if (named) {
        media.examples = Object.fromEntries(named.map((e) => [e.name, { summary: e.summary, value: withId(e.value) }]));
      } else {
        const example = exampleOf(media.schema, schemas, 0);
        media.example = isRecord(example) ? withId(example) : example;
      }
    }
  }
}

function* operations(document: OpenAPIObject): Generator<Operation> {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) yield operation;
    }
  }
}

const refName = (ref: string): string => ref.replace('#/components/schemas/', '');

function collectRefs(ref: string, schemas: Record<string, Schema>, into: Set<string>): void {
  const name = refName(ref);
  if (into.has(name)) return;
  into.add(name);
  const visit = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.$ref) collectRefs(schema.$ref, schemas, into);
    for (const part of schema.allOf ?? []) visit(part);
    for (const property of Object.values(schema.properties ?? {})) visit(property);
    visit(schema.items);
  };
  visit(schemas[name]);
}

const isYearName = (name: string): boolean => name === 'year' || /[a-z]Year$/.test(name);

/** year -> integer; ...Yuan -> the yuan pattern (signed in answers: balances and surpluses can be negative). */
function normaliseSchema(schema: Schema, isRequest: boolean): void {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const target = property['type'] === 'array' && property.items ? property.items : property;
    if (isYearName(name) && (target['type'] === 'number' || target['type'] === 'string')) target['type'] = 'integer';
    if (name === 'month' && target['type'] === 'number') target['type'] = 'integer';
    // A `string | null` amount has no design type: swagger calls it an object.
    if (/Yuan$/.test(name) && target['type'] === 'object' && !target.properties) target['type'] = 'string';
    if (/Yuan$/.test(name) && target['type'] === 'string' && target['pattern'] === undefined) {
      target['pattern'] = isRequest ? REQUEST_YUAN_PATTERN : YUAN_PATTERN;
      if (property['description'] === undefined) property['description'] = YUAN_DESCRIPTION;
    }
    if (target.properties) normaliseSchema(target, isRequest);
  }
}

const MAX_EXAMPLE_DEPTH = 8;

/** The example Swagger UI would build: each property's example (or enum's first value), recursively. */
function exampleOf(schema: Schema, schemas: Record<string, Schema>, depth: number): unknown {
  if (depth > MAX_EXAMPLE_DEPTH) return undefined;
  if (schema.$ref) {
    const target = schemas[refName(schema.$ref)];
    return target ? exampleOf(target, schemas, depth + 1) : undefined;
  }
  if (schema['example'] !== undefined) return schema['example'];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, schemas, depth + 1)));
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  if (schema['type'] === 'array') return schema.items ? [exampleOf(schema.items, schemas, depth + 1)] : [];
  if (schema.properties) {
    const example: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const value = exampleOf(property, schemas, depth + 1);
      if (value !== undefined) example[name] = value;
    }
    return example;
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function orderedTags(document: OpenAPIObject): Array<{ name: string; description?: string }> {
  const used = new Set<string>();
  for (const operation of operations(document)) for (const tag of operation.tags ?? []) used.add(tag);
  const known = WORKFLOW_TAGS.filter((tag) => used.has(tag.name));
  const others = [...used].filter((name) => !WORKFLOW_TAGS.some((tag) => tag.name === name)).sort();
  return [...known, ...others.map((name) => ({ name }))];
}

/**
 * Swagger UI options. "Try it out" sends the operation's documented example as it is; its commandId
 * would be the same on every try (the second answers as a retry, or 409 with another body), so a
 * commandId still equal to a documented example is replaced by a new UUID before the request leaves
 * the browser. A commandId the user typed is sent unchanged (to try a retry on purpose). Built with
 * new Function: the code runs in the browser (no DOM types here), and @nestjs/swagger inlines a
 * function's source into swagger-ui-init.js. crypto.randomUUID exists only in secure contexts, so
 * the UUID is made from getRandomValues (plain HTTP on a private network works too).
 */
const REQUEST_INTERCEPTOR_SOURCE = `
  try {
    if (typeof request.body !== 'string' || request.body.indexOf('commandId') < 0) return request;
    var body = JSON.parse(request.body);
    var spec = window.ui.specSelectors.specJson().toJS();
    var documented = {};
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      Object.keys(item).forEach(function (method) {
        var media = item[method] && item[method].requestBody && item[method].requestBody.content && item[method].requestBody.content['application/json'];
        if (media && media.example && media.example.commandId) documented[media.example.commandId] = true;
        Object.keys((media && media.examples) || {}).forEach(function (key) {
          var value = media.examples[key].value;
          if (value && value.commandId) documented[value.commandId] = true;
        });
      });
    });
    if (body && documented[body.commandId]) {
      var b = crypto.getRandomValues(new Uint8Array(16));
      b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
      var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
      body.commandId = h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
      request.body = JSON.stringify(body, null, 2);
    }
  } catch (error) { /* leave the request as the user wrote it */ }
  return request;
`;

export function swaggerUiOptions(): Record<string, unknown> {
  return {
    persistAuthorization: true,
    displayRequestDuration: true,
    // No badge from validator.swagger.io: the CSP allows images from this origin only.
    validatorUrl: null,
    requestInterceptor: new Function('request', REQUEST_INTERCEPTOR_SOURCE),
  };
}
