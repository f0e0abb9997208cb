/**
 * JSON Schemas for trainers' editors, generated from the zod schemas (the single source of truth), so the editor's
 * completions and underlines can never disagree with what the loader accepts. Written by `donghanh kb schema`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ScamRulesFileSchema } from '../scam/schema';
import { CommunesFileSchema, EntryFileSchema, SettingsFileSchema, SynonymsFileSchema } from './schema';
import { SCHEMA_DIR, SCHEMA_FILE_NAMES } from './schemaComment';

export interface GeneratedSchema {
  /** File name under `<knowledge>/schema/`. */
  readonly fileName: string;
  readonly schema: Record<string, unknown>;
}

const GENERATED_NOTE = 'Sinh tự động bằng "donghanh kb schema" từ src/knowledge/schema.ts; đừng sửa tay.';

/** Further file schemas to write next to the built-in ones, keyed by the file name to write. */
export type ExtraSchemas = ReadonlyArray<{ readonly fileName: string; readonly schema: z.ZodType }>;

function toJson(schema: z.ZodType, title: string): Record<string, unknown> {
  // draft-07: what the YAML language server (VS Code's YAML extension) understands best.
  // io "input": fields with defaults are optional to write.
  const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return { $schema, title, $comment: GENERATED_NOTE, ...rest };
}

export function generateJsonSchemas(extra: ExtraSchemas = []): GeneratedSchema[] {
  return [
    { fileName: SCHEMA_FILE_NAMES.entries, schema: toJson(EntryFileSchema, 'Đồng hành: tệp mục hỏi–đáp') },
    { fileName: SCHEMA_FILE_NAMES.settings, schema: toJson(SettingsFileSchema, 'Đồng hành: settings.yaml') },
    { fileName: SCHEMA_FILE_NAMES.synonyms, schema: toJson(SynonymsFileSchema, 'Đồng hành: synonyms.yaml') },
    { fileName: SCHEMA_FILE_NAMES.communes, schema: toJson(CommunesFileSchema, 'Đồng hành: communes.yaml') },
    // The scam checker owns its rules' schema (src/scam/schema.ts); the files live in the same knowledge folder.
    { fileName: SCHEMA_FILE_NAMES.scamRules, schema: toJson(ScamRulesFileSchema, 'Đồng hành: scam/*.yaml') },
    ...extra.map((e) => ({ fileName: e.fileName, schema: toJson(e.schema, `Đồng hành: ${e.fileName.replace('.schema.json', '')}`) })),
  ];
}

/** Writes every schema into `<knowledgeDir>/schema/`; returns the paths written. Output is stable (diff-friendly). */
export async function writeJsonSchemas(knowledgeDir: string, extra: ExtraSchemas = []): Promise<string[]> {
  const outDir = path.join(knowledgeDir, SCHEMA_DIR);
  await fs.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { fileName, schema } of generateJsonSchemas(extra)) {
    const target = path.join(outDir, fileName);
    await fs.writeFile(target, `${JSON.stringify(schema, null, 2)}\n`, 'utf8');
    written.push(target);
  }
  return written;
}
