/**
 * Consistency of `communes.yaml`: escalation routes a citizen's question by commune id, so an id that appears twice
 * or a former district that points to an id that does not exist would send a question to nobody.
 */
import type { KnowledgeProblem } from './knowledgeBase';
import { msg } from './messages';
import { closest } from './suggest';
import { formatPath, type FieldPath, type ParsedYamlFile } from './yamlFile';

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function checkCommunes(parsed: ParsedYamlFile, data: unknown): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const at = (path: FieldPath, message: string, severity: KnowledgeProblem['severity'] = 'error') =>
    problems.push({ file: parsed.file, ...parsed.locate(path), path: formatPath(path), message, severity });
  const place = (path: FieldPath) => msg.place(formatPath(path), parsed.file, parsed.locate(path).line);

  const root = asObject(data);
  const communes = Array.isArray(root.communes) ? root.communes.map(asObject) : [];
  const districts = asObject(root.former_districts);

  const firstById = new Map<string, number>();
  const firstByName = new Map<string, number>();
  communes.forEach((c, i) => {
    if (typeof c.id === 'string') {
      const first = firstById.get(c.id);
      if (first === undefined) firstById.set(c.id, i);
      else {
        at(['communes', i, 'id'], msg.duplicateCommuneId(c.id, place(['communes', first])));
        at(['communes', first, 'id'], msg.duplicateCommuneId(c.id, place(['communes', i])));
      }
    }
    if (typeof c.name === 'string') {
      const key = c.name.toLowerCase();
      const first = firstByName.get(key);
      if (first === undefined) firstByName.set(key, i);
      else at(['communes', i, 'name'], msg.duplicateCommuneName(c.name, place(['communes', first])));
    }
    if (Array.isArray(c.former_districts)) {
      c.former_districts.forEach((d, j) => {
        if (typeof d === 'string' && !(d in districts)) at(['communes', i, 'former_districts', j], msg.unknownFormerDistrict(d), 'warning');
      });
    }
  });

  const ids = [...firstById.keys()];
  for (const [district, targets] of Object.entries(districts)) {
    if (!Array.isArray(targets)) continue;
    targets.forEach((id, j) => {
      if (typeof id === 'string' && !firstById.has(id)) at(['former_districts', district, j], msg.unknownCommune(id, closest(id, ids)));
    });
  }
  return problems;
}
