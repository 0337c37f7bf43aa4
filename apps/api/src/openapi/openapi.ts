// The agency API described as OpenAPI 3.1, generated from the same zod schemas the routes
// validate with (zod's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses as is).
import {
  acceptTermsSchema,
  apiKeyInputSchema,
  errorBodySchema,
  issuedApiKeySchema,
  releaseSchema,
  releasesResponseSchema,
  termsStatusSchema,
} from '@kaimen/contracts';
import { z } from 'zod';

type Schema = z.ZodType;

function jsonSchema(schema: Schema, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

const errors = {
  '400': { description: 'Invalid input (the message says what, in the language asked for)' },
  '401': { description: 'No valid session or API key' },
  '403': { description: 'Not allowed (wrong role, or the data-use terms are not accepted)' },
  '404': { description: 'Not found, or not shared with this agency' },
};
const withErrorBody = Object.fromEntries(
  Object.entries(errors).map(([code, e]) => [
    code,
    { ...e, content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } } },
  ]),
);

const ok = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
});
const body = (schema: Schema) => ({
  required: true,
  content: { 'application/json': { schema: jsonSchema(schema, 'input') } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/** Paths as Hono writes them (`:id`), for checking the document against the app's routes. */
export const DOCUMENTED_ROUTES = [
  'GET /v1/releases',
  'GET /v1/releases/:id',
  'GET /v1/releases/:id/:file',
  'GET /v1/agency/terms',
  'POST /v1/agency/terms',
  'GET /v1/agency/api-keys',
  'POST /v1/agency/api-keys',
  'POST /v1/agency/api-keys/:id/revoke',
] as const;

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kaimen agency API 开门评估机构接口',
      version: '1',
      description:
        'Anonymized dataset releases for assessment agencies. Authenticate with `Authorization: Bearer ak_…` (an API key issued on the agency console) or a staff session token. Accept the data-use terms once (as a staff member) before the first download.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API key (ak_…) or session token' },
      },
    },
    paths: {
      '/v1/releases': {
        get: {
          summary: 'Releases shared with your agency',
          responses: { '200': ok(releasesResponseSchema), ...withErrorBody },
        },
      },
      '/v1/releases/{id}': {
        get: {
          summary: 'One release: report (k, l, generalisation, risk) and codebook',
          parameters: [idParam],
          responses: { '200': ok(releaseSchema), ...withErrorBody },
        },
      },
      '/v1/releases/{id}/rows.csv': {
        get: {
          summary: 'The rows as CSV (RFC 4180, UTF-8 with BOM), streamed; audited',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'CSV, columns as in the codebook',
              content: { 'text/csv': { schema: { type: 'string' } } },
            },
            ...withErrorBody,
          },
        },
      },
      '/v1/releases/{id}/rows.jsonl': {
        get: {
          summary: 'The rows as JSON Lines, streamed; audited',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'One JSON object per line, keys as in the codebook',
              content: { 'application/x-ndjson': { schema: { type: 'string' } } },
            },
            ...withErrorBody,
          },
        },
      },
      '/v1/releases/{id}/rows.xlsx': {
        get: {
          summary: 'The rows as an Excel workbook (releases up to 1,000,000 rows), streamed; audited',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'One sheet, columns as in the codebook',
              content: {
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                  schema: { type: 'string', format: 'binary' },
                },
              },
            },
            ...withErrorBody,
          },
        },
      },
      '/v1/agency/terms': {
        get: {
          summary: 'The data-use terms and whether your agency accepted them',
          responses: { '200': ok(termsStatusSchema), ...withErrorBody },
        },
        post: {
          summary: 'Accept the data-use terms (staff session only)',
          requestBody: body(acceptTermsSchema),
          responses: { '204': { description: 'Accepted' }, ...withErrorBody },
        },
      },
      '/v1/agency/api-keys': {
        get: {
          summary: 'Your agency’s API keys (never the keys themselves)',
          responses: { '200': { description: 'OK' }, ...withErrorBody },
        },
        post: {
          summary: 'Issue an API key for an organiser’s cycles (shown once; staff session only)',
          requestBody: body(apiKeyInputSchema),
          responses: { '201': ok(issuedApiKeySchema, 'Issued'), ...withErrorBody },
        },
      },
      '/v1/agency/api-keys/{id}/revoke': {
        post: {
          summary: 'Revoke a key',
          parameters: [idParam],
          responses: { '204': { description: 'Revoked' }, ...withErrorBody },
        },
      },
    },
  };
}
