import { Type, type Static } from 'typebox';

/** Limits shared by the API schemas (and, later, the UI). */
export const LIMITS = {
  pageSize: 1000,
  batchSize: 1000,
  name: 255,
} as const;

export const IdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Numeric id' }),
});
export type IdParams = Static<typeof IdParams>;

export const PageQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Rows to skip' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 30, description: 'Rows to return' })),
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed' }),
        message: Type.String(),
        fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'What is wrong, by field name' })),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'Error', description: 'Every error has this shape' },
);

export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** Standard error answers, so every route documents them the same way. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
} as const;

export const NoContent = Type.Null({ description: 'Done; no content' });

/** A string that must be one of `values` (an enum in the OpenAPI document). */
export function OneOf<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
