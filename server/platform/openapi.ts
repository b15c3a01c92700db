import type { JSONSchema } from 'json-schema-to-ts';
import { routeCatalogue } from './routing';

type Json = Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

function withoutId(schema: JSONSchema): Json {
  const { $id: _id, ...rest } = schema as Json;
  return rest;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document, generated from the route catalogue and the very schemas ajv validates with. */
export function openApiDocument(publicUrl: string): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = { Error: errorSchema };

  for (const spec of routeCatalogue.values()) {
    const openPath = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Json[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = spec.query as Json | undefined;
    const required = new Set((query?.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query?.properties as Record<string, Json> | undefined) ?? {})) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
    const operation: Json = {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      operationId: `${spec.method}${openPath.replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      parameters,
      responses: {
        [String(spec.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: {} } } },
        '400': errorResponse('Invalid input, with one detail per failing field'),
        ...(spec.access === 'public' ? {} : { '401': errorResponse('Not logged in'), '403': errorResponse('Role not allowed') }),
        '404': errorResponse('Not found, or not visible to the caller'),
        '429': errorResponse('Rate limited'),
      },
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
    if (spec.body) {
      const name = (spec.body as Json).$id as string;
      schemas[name] = withoutId(spec.body);
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
      };
    }
    paths[openPath] = { ...(paths[openPath] ?? {}), [spec.method]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Interprétariat santé API',
      version: '0.1.0',
      description: 'Booking, dispatch and usage tracking of professional interpreters for health care.',
    },
    servers: [{ url: publicUrl }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
      },
    },
  };
}
