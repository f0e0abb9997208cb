/**
 * Finds the commune a citizen names ("dinh hoa", "xã Định Hoà", "P. Hạc Thành", "huyện Hoằng Hóa cũ") in
 * `knowledge/communes.yaml`, so an escalation reaches the right commune police. Old district names get a question
 * back (the district no longer exists and may now span many communes); ambiguous names get buttons.
 */
import Fuse from 'fuse.js';
import type { Commune, Communes } from '../knowledge/schema';
import { fold, normalize } from '../text/normalize';

export type CommuneMatch =
  | { kind: 'match'; commune: Commune }
  | { kind: 'ambiguous'; communes: Commune[] }
  | { kind: 'former-district'; district: string; communes: Commune[] }
  | { kind: 'none'; suggestions: Commune[] };

const UNIT_PREFIX = /^(?:xa|phuong|thi tran|tt|p|x)\s+/;
const DISTRICT_PREFIX = /^(?:huyen|thi xa|thanh pho|tp|quan|tx|h)\s+/;
const NOISE_SUFFIX = /\s+(?:cu|truoc day|truoc kia|tinh thanh hoa)$/;

/** Folded, prefix-free key: "Xã Định Hoà" → "dinh hoa". */
export function communeKey(name: string): string {
  let key = fold(normalize(name));
  for (let i = 0; i < 2; i++) key = key.replace(NOISE_SUFFIX, '');
  return key.replace(UNIT_PREFIX, '').trim();
}

interface Named {
  key: string;
  commune: Commune;
}

export class CommuneMatcher {
  private readonly byKey = new Map<string, Commune[]>();
  private readonly districts = new Map<string, { name: string; communes: Commune[] }>();
  private readonly fuse: Fuse<Named>;

  constructor(private readonly data: Communes) {
    const named: Named[] = [];
    for (const commune of data.communes) {
      const keys = new Set([communeKey(commune.name), ...commune.aliases.map(communeKey)]);
      for (const key of keys) {
        if (!key) continue;
        const list = this.byKey.get(key) ?? [];
        if (!list.includes(commune)) list.push(commune);
        this.byKey.set(key, list);
        named.push({ key, commune });
      }
    }
    const byId = new Map(data.communes.map((c) => [c.id, c]));
    for (const [district, ids] of Object.entries(data.former_districts)) {
      const communes = ids.map((id) => byId.get(id)).filter((c): c is Commune => c !== undefined);
      this.districts.set(communeKey(district).replace(DISTRICT_PREFIX, ''), { name: district, communes });
    }
    // fuse runs on ~200 short names only, where its cost is negligible and its typo tolerance is what we want.
    this.fuse = new Fuse(named, { keys: ['key'], threshold: 0.4, ignoreLocation: true, includeScore: true });
  }

  get all(): readonly Commune[] {
    return this.data.communes;
  }

  byId(id: string): Commune | undefined {
    return this.data.communes.find((c) => c.id === id);
  }

  match(input: string): CommuneMatch {
    const folded = fold(normalize(input));
    const saysDistrict = DISTRICT_PREFIX.test(folded);
    const key = communeKey(input).replace(DISTRICT_PREFIX, '');
    if (!key) return { kind: 'none', suggestions: [] };

    const district = this.districts.get(key);
    // "huyện X" always means the old district; a bare "X" that is both a district and a commune is asked about.
    if (district && saysDistrict) return { kind: 'former-district', district: district.name, communes: district.communes };

    const exact = this.byKey.get(key);
    if (exact && exact.length === 1 && !district) return { kind: 'match', commune: exact[0] as Commune };
    if (exact && exact.length === 1 && district) {
      return { kind: 'ambiguous', communes: dedupe([exact[0] as Commune, ...district.communes]) };
    }
    if (exact && exact.length > 1) return { kind: 'ambiguous', communes: exact };
    if (district) return { kind: 'former-district', district: district.name, communes: district.communes };

    const hits = this.fuse.search(key, { limit: 6 });
    const suggestions = dedupe(hits.map((h) => h.item.commune));
    const best = hits[0];
    const second = hits.find((h) => h.item.commune !== best?.item.commune);
    // A one-letter typo in a two-syllable name scores about 0.2; a clearly better first hit is taken as the answer.
    if (best && (best.score ?? 1) < 0.25 && (!second || (second.score ?? 1) - (best.score ?? 1) > 0.1)) {
      return { kind: 'match', commune: best.item.commune };
    }
    if (suggestions.length > 0 && (best?.score ?? 1) < 0.4) return { kind: 'ambiguous', communes: suggestions.slice(0, 4) };
    return { kind: 'none', suggestions: suggestions.slice(0, 4) };
  }
}

function dedupe(communes: Commune[]): Commune[] {
  return [...new Set(communes)];
}
