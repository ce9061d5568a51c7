import type pg from 'pg';

/**
 * Runs `work` in one transaction on one pooled client: COMMIT when it returns (ROLLBACK instead
 * when it called `rollback()`), ROLLBACK when it throws. A client whose ROLLBACK failed is
 * released as broken, so the pool does not hand out a connection stuck in a transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient, rollback: () => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let rolledBack = false;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client, () => {
        rolledBack = true;
      });
      await client.query(rolledBack ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
