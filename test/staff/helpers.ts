/** Shared set-up for the staff tests: the communes fixture, a clock the test moves, and the services over a database. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type Communes, CommunesFileSchema } from '../../src/knowledge/schema';
import type { Database } from '../../src/storage/database';
import { createStaffServices, type StaffServices, type StaffServicesOptions } from '../../src/staff/staffServices';

export const COMMUNES: Communes = CommunesFileSchema.parse(
  YAML.parse(fs.readFileSync(path.join(__dirname, '../fixtures/communes/communes.yaml'), 'utf8')),
);

export const communeExists = (id: string): boolean => COMMUNES.communes.some((c) => c.id === id);

/** Real scrypt at a cost that keeps the suite quick; production uses `DEFAULT_PARAMS`. */
export const FAST_HASH = { N: 2 ** 12, r: 8, p: 1 };

export class TestClock {
  constructor(public ms = Date.UTC(2025, 10, 27, 2, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function staffServices(db: Database, clock: TestClock, extra: Partial<StaffServicesOptions> = {}): StaffServices {
  return createStaffServices(db, { communeExists, hashParams: FAST_HASH, now: clock.now, ...extra });
}

export const CLI_ACTOR = { staffId: null, name: 'cli:test' };

let counter = 0;
/** A username no other test in the file uses (every test of one file shares its database). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}-${process.pid % 1000}`;
}

export const MINUTE = 60_000;

/** A client address of its own, so one test's failed logins never count against another's (the database is shared). */
export function uniqueAddress(): string {
  counter += 1;
  return `10.${process.pid % 250}.${Math.floor(counter / 250) % 250}.${counter % 250}`;
}
