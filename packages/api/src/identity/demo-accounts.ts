import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AccountRole } from '@omnicart/contracts';
import { DEMO_ADMIN, DEMO_CUSTOMER } from './config.js';
import { outboxEvent } from '../events/index.js';
import { hashPassword, verifyPassword } from './credentials.js';
import { userRegistered } from './events.js';
import { EmailTakenError, createIdentityDb, createIdentityRepository, type IdentityRepository } from './repository.js';

export interface DemoAccountPasswords {
  /** OMNICART_ADMIN_PASSWORD; development default 'omnicart-admin'. */
  adminPassword?: string | undefined;
  /** OMNICART_DEMO_PASSWORD; development default 'omnicart-demo'. */
  demoPassword?: string | undefined;
}

/**
 * Makes sure admin@omnicart.test (owner) and demo@omnicart.test (customer) exist with the
 * given passwords, names and roles. Idempotent and safe when several instances run it at once;
 * a password is only re-hashed when it changed.
 */
export async function ensureDemoAccounts(
  options: DemoAccountPasswords & { pool: pg.Pool },
): Promise<void> {
  const db = createIdentityDb(options.pool);
  try {
    const repository = createIdentityRepository(db);
    await ensureAccount(repository, { ...DEMO_ADMIN, password: options.adminPassword ?? 'omnicart-admin' });
    await ensureAccount(repository, { ...DEMO_CUSTOMER, password: options.demoPassword ?? 'omnicart-demo' });
  } finally {
    await db.$disconnect();
  }
}

async function ensureAccount(
  repository: IdentityRepository,
  account: { email: string; name: string; role: AccountRole; password: string },
): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await repository.findUserByEmail(account.email);
    if (!existing) {
      try {
        // Announced like any registration, so read models (notifications' contacts) know the demo accounts too.
        const id = randomUUID();
        const registered = outboxEvent(
          userRegistered,
          { userId: id, email: account.email, name: account.name, role: account.role, registeredAt: new Date().toISOString() },
          { actor: { type: 'service', id: 'identity' } },
        );
        await repository.createUser({ id, email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) }, [registered]);
        return;
      } catch (error) {
        // Another instance created it first: fall through to the update path.
        if (error instanceof EmailTakenError) continue;
        throw error;
      }
    }
    const patch: { name?: string; role?: AccountRole; passwordHash?: string } = {};
    if (existing.name !== account.name) patch.name = account.name;
    if (existing.role !== account.role) patch.role = account.role;
    if (!(await verifyPassword(existing.passwordHash, account.password))) patch.passwordHash = await hashPassword(account.password);
    if (Object.keys(patch).length > 0) await repository.updateUser(existing.id, patch);
    return;
  }
}
