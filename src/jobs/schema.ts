import { Type } from 'typebox';
import { Nullable, OneOf, PageQuery, Timestamp } from '../http/schemas.js';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const JobJson = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'import or export' }),
  state: OneOf(JOB_STATES),
  progress: Type.Object({
    done: Type.Integer({ description: 'Rows done so far' }),
    total: Nullable(Type.Integer({ description: 'Rows in all, once known' })),
    failed: Type.Integer({ description: 'Rows that failed' }),
    rate: Nullable(Type.Integer({ description: 'Rows a second, while running' })),
    eta_seconds: Nullable(Type.Integer({ description: 'Seconds left at that rate, while running' })),
  }, { additionalProperties: Type.Union([Type.Number(), Type.Null()]), description: 'Also counts of the job\'s own, such as inserted and updated' }),
  result: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'What a finished job produced, such as a download link' })),
  error: Nullable(Type.String({ description: 'Why a job failed' })),
  created_by: Nullable(Type.Integer()),
  created_at: Timestamp,
  started_at: Nullable(Timestamp),
  finished_at: Nullable(Timestamp),
});

export const JobEnvelope = Type.Object({ job: JobJson });

export const JobList = Type.Object({ jobs: Type.Array(JobJson), total: Type.Integer() });

export const JobListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Type.String({ maxLength: 50, description: 'Only jobs of this kind' })),
  all: Type.Optional(Type.Boolean({ description: 'Admins: everyone\'s jobs, not only your own' })),
});
