import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateJsonSchemas, writeJsonSchemas } from '../../src/knowledge/jsonSchema';
import { EntrySchema, SettingsFileSchema } from '../../src/knowledge/schema';
import { SCHEMA_FILE_NAMES } from '../../src/knowledge/schemaComment';
import { SCAM_RULES_SCHEMA_FILE } from '../../src/scam/schema';

type Json = Record<string, any>;
const byName = (name: string): Json => {
  const found = generateJsonSchemas().find((s) => s.fileName === name);
  if (!found) throw new Error(`no ${name}`);
  return found.schema as Json;
};

describe('JSON Schemas generated from the zod schemas', () => {
  test('one schema per kind of knowledge file', () => {
    expect(generateJsonSchemas().map((s) => s.fileName)).toEqual([
      'entries.schema.json',
      'settings.schema.json',
      'synonyms.schema.json',
      'communes.schema.json',
      'scam-rules.schema.json',
    ]);
    // `kb check` warns against the schema line the scam module expects: both must name the same file.
    expect(SCHEMA_FILE_NAMES.scamRules).toBe(SCAM_RULES_SCHEMA_FILE);
  });

  test('an entry allows exactly the zod fields, requires the mandatory ones, and carries the Vietnamese descriptions', () => {
    const entry = byName('entries.schema.json').properties.entries.items;
    expect(Object.keys(entry.properties)).toEqual(Object.keys(EntrySchema.shape));
    expect(entry.additionalProperties).toBe(false);
    expect(entry.required).toEqual(['id', 'group', 'title', 'questions', 'answer', 'source', 'reviewed']);
    expect(entry.properties.questions.description).toBe('Các cách người dân thường hỏi');
    expect(entry.properties.id.pattern).toBeDefined();
    expect(entry.properties.action.enum).toEqual(['escalate', 'scam-check']);
  });

  test('fields that have defaults are optional to write', () => {
    const settings = byName('settings.schema.json');
    expect(settings.required).toEqual(['province', 'bot', 'matching']);
    expect(settings.properties.matching.required).not.toContain('max_clarify');
    expect(Object.keys(settings.properties)).toEqual(Object.keys(SettingsFileSchema.shape));
  });

  test('every field of the knowledge schemas is explained in Vietnamese for the editor', () => {
    const missing: string[] = [];
    const walk = (node: Json, where: string) => {
      for (const [key, child] of Object.entries<Json>(node.properties ?? {})) {
        if (!child.description) missing.push(`${where}.${key}`);
        walk(child, `${where}.${key}`);
        if (child.items) walk(child.items, `${where}.${key}[]`);
      }
    };
    // The scam rules' schema belongs to the scam module and is held to its own standard there.
    const ours = generateJsonSchemas().filter((s) => s.fileName !== SCAM_RULES_SCHEMA_FILE);
    for (const { fileName, schema } of ours) walk(schema as Json, fileName);
    expect(missing).toEqual([]);
  });

  test('the schemas shipped in knowledge/schema/ are up to date (run `donghanh kb schema` after changing schema.ts)', async () => {
    const shipped = path.join(__dirname, '..', '..', 'knowledge', 'schema');
    for (const { fileName, schema } of generateJsonSchemas()) {
      const onDisk = JSON.parse(await fs.readFile(path.join(shipped, fileName), 'utf8'));
      expect({ fileName, schema: onDisk }).toEqual({ fileName, schema });
    }
  });

  test('writes them into <dir>/schema/, creating the folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-schema-'));
    try {
      const written = await writeJsonSchemas(dir);
      expect(written.map((f) => path.relative(dir, f))).toEqual(generateJsonSchemas().map((s) => path.join('schema', s.fileName)));
      const entries = JSON.parse(await fs.readFile(path.join(dir, 'schema', 'entries.schema.json'), 'utf8'));
      expect(entries).toEqual(byName('entries.schema.json'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
