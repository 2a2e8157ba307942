import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { errors, type FieldErrors } from '../errors.js';

function createAjv(coerceTypes: boolean) {
  const ajv = new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

// Query strings and path parameters arrive as text; JSON bodies must carry the right types.
const lenient = createAjv(true);
const strict = createAjv(false);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : lenient;
  const validate = ajv.compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: toAppError(validate.errors ?? [], httpPart) });
};

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known field';
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${String(error.params.type).replace(',', ' or ')}`;
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'anyOf':
      return 'has the wrong type';
    default:
      return error.message ?? 'is invalid';
  }
}

function fieldName(error: ErrorObject, httpPart: string | undefined): string {
  const path = error.instancePath.split('/').slice(1).join('.');
  const child = error.keyword === 'required' ? error.params.missingProperty
    : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  const name = [path, child].filter(Boolean).join('.');
  return name || (httpPart === 'body' ? 'body' : httpPart ?? 'request');
}

function toAppError(list: ErrorObject[], httpPart: string | undefined) {
  const fields: FieldErrors = {};
  // anyOf reports each failed branch first; the summary line is clearer than those.
  const anyOfPaths = new Set(list.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const error of list) {
    if (error.keyword !== 'anyOf' && [...anyOfPaths].some((p) => error.instancePath.startsWith(p) && error.schemaPath.includes('anyOf'))) continue;
    const name = fieldName(error, httpPart);
    fields[name] ??= describe(error);
  }
  return errors.validation(fields);
}
