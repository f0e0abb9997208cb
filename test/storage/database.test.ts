import { isUniqueViolation } from '../../src/storage/errors';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { NestedTransactionError } from '../../src/storage/transactionContext';
import { backends } from './backends';

interface Person {
  id: string;
  name: string;
  born: number | null;
  active: number | null;
}

describe.each(backends())('$name', (backend) => {
  let db: AppDatabase;

  beforeAll(async () => {
    db = await backend.open();
    await db.execute('CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, born BIGINT, active INTEGER)');
  });

  const ids = async (prefix: string): Promise<string[]> =>
    (await db.query<{ id: string }>('SELECT id FROM people WHERE id LIKE $1 ORDER BY id', [`${prefix}%`])).map(
      (r) => r.id,
    );

  describe('placeholders and values', () => {
    test('$n binds the right value even when repeated and out of order', async () => {
      await db.execute('INSERT INTO people (id, name, born, active) VALUES ($2, $1, $3, $4)', [
        'Nguyễn Thị Lan',
        'ph-1',
        1_700_000_000_123,
        true,
      ]);
      await db.execute('INSERT INTO people (id, name, active) VALUES ($1, $2, $3)', ['ph-2', 'Lê Văn Hùng', false]);
      const rows = await db.query<Person>(
        'SELECT id, name, born, active FROM people WHERE id = $2 OR (name = $1 AND id <> $2) ORDER BY id',
        ['Lê Văn Hùng', 'ph-1'],
      );
      expect(rows).toEqual([
        { id: 'ph-1', name: 'Nguyễn Thị Lan', born: 1_700_000_000_123, active: 1 },
        { id: 'ph-2', name: 'Lê Văn Hùng', born: null, active: 0 },
      ]);
    });

    test('$n inside a string literal is text, not a parameter', async () => {
      await db.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['ph-3', 'Hoa']);
      const row = await db.queryOne<{ label: string }>("SELECT name || ' ($1)' AS label FROM people WHERE id = $1", [
        'ph-3',
      ]);
      expect(row?.label).toBe('Hoa ($1)');
    });

    test('counts, sums and BIGINT come back as numbers', async () => {
      await db.execute('INSERT INTO people (id, name, born) VALUES ($1, $2, $3), ($4, $5, $6)', [
        'num-1',
        'A',
        1_700_000_000_000,
        'num-2',
        'B',
        1_700_000_000_001,
      ]);
      const row = await db.queryOne<{ n: unknown; total: unknown; latest: unknown }>(
        "SELECT COUNT(*) AS n, SUM(born) AS total, MAX(born) AS latest FROM people WHERE id LIKE 'num-%'",
      );
      expect(row).toEqual({ n: 2, total: 3_400_000_000_001, latest: 1_700_000_000_001 });
    });

    test('execute reports how many rows changed; RETURNING gives them back', async () => {
      await db.execute('INSERT INTO people (id, name) VALUES ($1, $2), ($3, $4)', ['rc-1', 'X', 'rc-2', 'Y']);
      expect(await db.execute("UPDATE people SET name = $1 WHERE id LIKE 'rc-%'", ['Z'])).toEqual({ rowCount: 2 });
      expect(await db.execute('DELETE FROM people WHERE id = $1', ['rc-none'])).toEqual({ rowCount: 0 });
      const deleted = await db.query<{ id: string }>("DELETE FROM people WHERE id LIKE 'rc-%' RETURNING id");
      expect(deleted.map((r) => r.id).sort()).toEqual(['rc-1', 'rc-2']);
    });

    test('a duplicate key is recognisable on every backend', async () => {
      await db.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['dup-1', 'A']);
      const err = await db.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['dup-1', 'B']).catch((e) => e);
      expect(isUniqueViolation(err)).toBe(true);
      expect(isUniqueViolation(new Error('other'))).toBe(false);
    });

    test('foreign keys are enforced', async () => {
      await db.execute('CREATE TABLE visits (id TEXT PRIMARY KEY, person_id TEXT NOT NULL REFERENCES people (id))');
      await expect(
        db.execute('INSERT INTO visits (id, person_id) VALUES ($1, $2)', ['v-1', 'nobody']),
      ).rejects.toThrow();
      expect(await db.query('SELECT id FROM visits')).toEqual([]);
    });
  });

  describe('transactions', () => {
    test('commit: every change is kept and the result returned', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['c-1', 'A']);
        await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['c-2', 'B']);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await ids('c-')).toEqual(['c-1', 'c-2']);
    });

    test('rollback: when fn throws, nothing is kept and the same error comes out', async () => {
      const failure = new Error('hết hạn');
      await expect(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['r-1', 'A']);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await ids('r-')).toEqual([]);
    });

    test('a failed statement aborts the transaction even if fn catches it', async () => {
      await db.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['ab-0', 'A']);
      let caught: unknown;
      const outcome = await db
        .transaction(async (tx) => {
          await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['ab-1', 'B']);
          caught = await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['ab-0', 'dup']).catch((e) => e);
          return 'pretend all is well';
        })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(caught)).toBe(true);
      // transaction() reports the swallowed failure instead of a commit that did not happen.
      expect(outcome).toBe(caught);
      expect(await ids('ab-')).toEqual(['ab-0']);
    });

    test('async callers never interleave: others wait or see only committed rows', async () => {
      let markInserted!: () => void;
      const aInserted = new Promise<void>((resolve) => (markInserted = resolve));
      let letAFinish!: () => void;
      const aMayFinish = new Promise<void>((resolve) => (letAFinish = resolve));

      const a = db.transaction(async (tx) => {
        await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['il-a', 'A']);
        markInserted();
        await aMayFinish;
        throw new Error('A bỏ dở');
      });
      await aInserted;
      // Both start while A is still open, from outside it.
      const b = db.transaction((tx) => tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['il-b', 'B']));
      const seenMeanwhile = ids('il-');
      letAFinish();

      await expect(a).rejects.toThrow('A bỏ dở');
      await expect(b).resolves.toEqual({ rowCount: 1 });
      expect(await seenMeanwhile).not.toContain('il-a');
      expect(await ids('il-')).toEqual(['il-b']);
    });

    test('many concurrent transactions all commit', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction(async (tx) => {
            const id = `many-${String(i).padStart(2, '0')}`;
            await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', [id, 'x']);
            await tx.execute('UPDATE people SET name = $1 WHERE id = $2', ['done', id]);
          }),
        ),
      );
      const rows = await db.query<{ name: string }>("SELECT name FROM people WHERE id LIKE 'many-%'");
      expect(rows).toHaveLength(20);
      expect(rows.every((r) => r.name === 'done')).toBe(true);
    });

    test('using the database instead of tx inside a transaction is refused, and rolls it back', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['nest-1', 'A']);
          await db.query('SELECT 1 AS one');
        }),
      ).rejects.toBeInstanceOf(NestedTransactionError);
      await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toBeInstanceOf(
        NestedTransactionError,
      );
      expect(await ids('nest-')).toEqual([]);
    });

    test('the database is usable again from handlers scheduled inside a finished transaction', async () => {
      let committed!: () => void;
      const afterCommit = new Promise<void>((resolve) => (committed = resolve));
      let later!: Promise<unknown>;
      await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['sch-1', 'A']);
        // Registered inside the transaction, so it carries the transaction's async context with it.
        later = afterCommit.then(() => ids('sch-'));
      });
      committed();
      await expect(later).resolves.toEqual(['sch-1']);
    });

    test('a tx kept after its transaction ended cannot be used', async () => {
      let leaked: { execute: (sql: string, params?: unknown[]) => Promise<unknown> } | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked?.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['leak-1', 'A'])).rejects.toThrow(
        /kết thúc/,
      );
      expect(await ids('leak-')).toEqual([]);
    });
  });

  test('ping answers; close finishes work already asked for, is idempotent, and then refuses work clearly', async () => {
    const other = await backend.open();
    await expect(other.ping()).resolves.toBeUndefined();
    const asked = other.execute('INSERT INTO people (id, name) VALUES ($1, $2)', ['close-1', 'A']);
    const closing = other.close();
    await expect(asked).resolves.toEqual({ rowCount: 1 });
    await closing;
    expect(await ids('close-')).toEqual(['close-1']);
    await other.close();
    await expect(other.query('SELECT 1 AS one')).rejects.toThrow(/đã đóng/);
  });
});
