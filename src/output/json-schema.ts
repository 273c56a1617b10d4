import * as z from 'zod';
import { NdjsonEvent } from '../report/events.js';
import { Report } from '../report/schema.js';

/**
 * `audit2grant schema`: the JSON Schema of the `json` report, generated from
 * the zod schema that the report is built against, so the two cannot drift.
 */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(Report, { target: 'draft-2020-12', io: 'output' });
  const { $schema, ...rest } = schema;
  const document = {
    $schema,
    title: 'audit2grant json report',
    description:
      'The report written by audit2grant --format json; schemaVersion changes when a field changes meaning.',
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `audit2grant schema ndjson`: the JSON Schema of one event of --format ndjson. */
export function renderNdjsonSchema(): string {
  const schema = z.toJSONSchema(NdjsonEvent, { target: 'draft-2020-12', io: 'output' });
  const { $schema, ...rest } = schema;
  const document = {
    $schema,
    title: 'audit2grant ndjson event',
    description:
      'One line of audit2grant --format ndjson: each finding when first seen (denied, unattributed, authentication-failure, suspicious), a source when an input changes state, and last the end. Read "event" first; skip events you do not know.',
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
