/**
 * Validates one parsed file against its zod schema and turns every zod issue into a located, plain-Vietnamese
 * problem. Custom messages written in `schema.ts` win; everything else gets a trainer-friendly default here.
 */
import type { z } from 'zod';
import type { KnowledgeProblem } from './knowledgeBase';
import { msg, typeOf } from './messages';
import { closest } from './suggest';
import { formatPath, type FieldPath, type ParsedYamlFile } from './yamlFile';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Default messages for issues the schema does not word itself. */
function trainerMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return msg.missingField;
      if (issue.input === null) return msg.emptyValue(issue.expected);
      return msg.wrongType(issue.expected, typeOf(issue.input));
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return msg.tooFewItems(min);
      if (issue.origin === 'string') return min <= 1 ? msg.emptyText : msg.textTooShort(min);
      return msg.numberTooSmall(issue.minimum, issue.inclusive ?? true);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return msg.tooManyItems(max);
      if (issue.origin === 'string') return msg.textTooLong(max);
      return msg.numberTooBig(issue.maximum, issue.inclusive ?? true);
    }
    case 'invalid_format':
      if (issue.format === 'url') return msg.badUrl;
      if (issue.format === 'date') return msg.badDate;
      return msg.badFormat;
    case 'invalid_value':
      return msg.oneOf(issue.values);
    default:
      return msg.invalid;
  }
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  innerType?: unknown;
  in?: unknown;
}

function defOf(schema: unknown): ZodDefLike | undefined {
  return (schema as { _zod?: { def?: ZodDefLike } } | undefined)?._zod?.def;
}

/** Unwraps optional/default/pipe… so that the object schema underneath can be read. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let guard = 0; guard < 20; guard++) {
    const def = defOf(current);
    if (!def) return current;
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else return current;
  }
  return current;
}

/** The field names the schema allows at `path`, for "did you mean …?" suggestions. */
export function knownFieldsAt(schema: z.ZodType, path: FieldPath): string[] {
  let current: unknown = unwrap(schema);
  for (const seg of path) {
    const def = defOf(current);
    if (!def) return [];
    if (def.type === 'object' && def.shape && typeof seg === 'string') current = def.shape[seg];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
    current = unwrap(current);
  }
  const def = defOf(current);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

export interface SchemaCheck<T> {
  data: T | undefined;
  problems: KnowledgeProblem[];
}

export function checkAgainstSchema<S extends z.ZodType>(parsed: ParsedYamlFile, schema: S, data: unknown): SchemaCheck<z.output<S>> {
  const result = schema.safeParse(data, { error: trainerMessage });
  if (result.success) return { data: result.data, problems: [] };
  return { data: undefined, problems: result.error.issues.flatMap((issue) => issueProblems(parsed, schema, issue)) };
}

function issueProblems(parsed: ParsedYamlFile, schema: z.ZodType, issue: Issue): KnowledgeProblem[] {
  const base = { file: parsed.file, severity: 'error' as const };
  if (issue.code === 'unrecognized_keys') {
    const known = knownFieldsAt(schema, issue.path);
    // One problem per unknown field, each at its own line, each with its own suggestion.
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return { ...base, ...parsed.locate(path, 'key'), path: formatPath(path), message: msg.unknownField(key, closest(key, known), known) };
    });
  }
  return [{ ...base, ...parsed.locate(issue.path), path: formatPath(issue.path), message: issue.message }];
}
