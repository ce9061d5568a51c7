import { randomUUID } from 'node:crypto';
import { slugify as seedSlugify } from '@omnicart/db/seed';
import type { OutboxEventRow } from '../events/index.js';
import { auditChanges, auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { catalogAudit } from './events.js';
import { SlugTaken, type CatalogRepository, type CategoryAdminRow, type CategoryTx } from './repository.js';
import type { CategoryAdmin, CategoryAdminList, CreateCategoryInput, MoveCategoryInput, ReorderCategoryInput, UpdateCategoryInput } from './schemas.js';

/**
 * Category maintenance by staff: the two-level tree (a top-level category and its sub-categories).
 * Rules, decided inside one transaction per write that holds the category lock (repository.categoryWrite):
 * - a parent must be a top-level category, and a category with sub-categories stays top-level
 *   (so the tree never gets deeper than two levels and can hold no cycle);
 * - positions among siblings are 0..n-1, rewritten whole on every change (no gaps, no ties);
 * - a category that still holds products (any status: archived ones keep their category) or
 *   sub-categories cannot be deleted (409 with what to do first).
 * Every change writes one `catalog.audit_recorded` per category it changed, in its transaction.
 */

const AUDITED = ['name', 'slug', 'parentId', 'position'] as const;
type Snapshot = Pick<CategoryAdminRow, (typeof AUDITED)[number]>;

const snapshot = (row: CategoryAdminRow): Snapshot => ({ name: row.name, slug: row.slug, parentId: row.parentId, position: row.position });

function assertCategoryStaff(actor: AuthUser | null): asserts actor is AuthUser {
  if (!actor) throw new DomainError('UNAUTHORIZED', 'Authentication required: send a Bearer access token');
  requirePermission(actor, 'categories:write');
}

const PLURALS: Record<string, string> = { product: 'products', 'sub-category': 'sub-categories' };
const plural = (count: number, noun: 'product' | 'sub-category') => `${count} ${count === 1 ? noun : PLURALS[noun]}`;

/** Each top-level category followed by its sub-categories, by position. */
export function treeOrder(rows: readonly CategoryAdminRow[]): CategoryAdminRow[] {
  const byPosition = (a: CategoryAdminRow, b: CategoryAdminRow) => a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const roots = rows.filter((row) => row.parentId === null).sort(byPosition);
  return roots.flatMap((root) => [root, ...rows.filter((row) => row.parentId === root.id).sort(byPosition)]);
}

export function createCategoryAdmin(repository: CatalogRepository, hooks: { changed: () => void; outboxWritten: () => void }) {
  const audit = (before: CategoryAdminRow | null, after: Snapshot & { id: string }, action: string): OutboxEventRow[] => {
    const changes = auditChanges(before ? snapshot(before) : null, after, AUDITED);
    return before && changes.length === 0 ? [] : [auditEvent(catalogAudit, { entityType: 'category', entityId: after.id, action, label: after.name, changes })];
  };

  /** Runs a category write; clears the read caches (the public tree) after its commit. */
  async function write<T>(work: (tx: CategoryTx) => Promise<T>): Promise<T> {
    try {
      const result = await repository.categoryWrite(work);
      hooks.outboxWritten();
      hooks.changed();
      return result;
    } catch (error) {
      if (error instanceof SlugTaken) throw new DomainError('CONFLICT', 'A category with this slug already exists', { field: 'slug' });
      throw error;
    }
  }

  function find(rows: CategoryAdminRow[], id: string): CategoryAdminRow {
    const row = rows.find((candidate) => candidate.id === id.toLowerCase());
    if (!row) throw new DomainError('NOT_FOUND', `Category '${id}' not found`);
    return row;
  }

  /** The parent a category may go under: an existing top-level category. */
  function parentFor(rows: CategoryAdminRow[], parentId: string | null): CategoryAdminRow | null {
    if (parentId === null) return null;
    const parent = rows.find((row) => row.id === parentId.toLowerCase());
    if (!parent) throw new DomainError('VALIDATION_FAILED', 'parentId: Unknown parent category', { field: 'parentId' });
    if (parent.parentId !== null) {
      throw new DomainError('VALIDATION_FAILED', `parentId: "${parent.name}" is a sub-category; categories go at most two levels deep`, { field: 'parentId' });
    }
    return parent;
  }

  const siblingsOf = (rows: CategoryAdminRow[], parentId: string | null, except?: string) =>
    treeOrder(rows).filter((row) => row.parentId === parentId && row.id !== except);

  /** Rewrites sibling positions to 0..n-1 in this order; audits every sibling whose position moved. */
  async function renumber(tx: CategoryTx, ordered: CategoryAdminRow[], skipAudit: string | null): Promise<OutboxEventRow[]> {
    await tx.setPositions(ordered.map((row) => row.id));
    return ordered.flatMap((row, position) =>
      row.id === skipAudit || row.position === position ? [] : audit(row, { ...snapshot(row), id: row.id, position }, 'reordered'),
    );
  }

  async function fresh(tx: CategoryTx, id: string): Promise<CategoryAdmin> {
    return find(await tx.all(), id);
  }

  return {
    /** Every category with its counts (staff who read the catalog). */
    async staffCategories(actor: AuthUser | null): Promise<CategoryAdminList> {
      if (!actor) throw new DomainError('UNAUTHORIZED', 'Authentication required: send a Bearer access token');
      requirePermission(actor, 'products:read');
      return { categories: treeOrder(await repository.categoriesForStaff()) };
    },

    async createCategory(actor: AuthUser | null, input: CreateCategoryInput): Promise<CategoryAdmin> {
      assertCategoryStaff(actor);
      const slug = input.slug ?? seedSlugify(input.name).slice(0, 180).replace(/-+$/g, '');
      if (!slug) throw new DomainError('VALIDATION_FAILED', 'slug: Cannot derive a slug from this name; enter one', { field: 'slug' });
      return write(async (tx) => {
        const rows = await tx.all();
        const parent = parentFor(rows, input.parentId);
        const id = randomUUID();
        const row = { id, slug, name: input.name, parentId: parent?.id ?? null, position: siblingsOf(rows, parent?.id ?? null).length };
        await tx.insert(row);
        await tx.events(audit(null, row, 'created'));
        return fresh(tx, id);
      });
    },

    /** Rename (name and/or slug). */
    async updateCategory(actor: AuthUser | null, input: UpdateCategoryInput): Promise<CategoryAdmin> {
      assertCategoryStaff(actor);
      return write(async (tx) => {
        const before = find(await tx.all(), input.id);
        const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.slug !== undefined ? { slug: input.slug } : {}) };
        const events = audit(before, { ...snapshot(before), ...patch, id: before.id }, 'updated');
        if (events.length === 0) return before;
        await tx.update(before.id, patch);
        await tx.events(events);
        return fresh(tx, before.id);
      });
    },

    /** Moves a category under another top-level category (or to the top level), last among its new siblings. */
    async moveCategory(actor: AuthUser | null, input: MoveCategoryInput): Promise<CategoryAdmin> {
      assertCategoryStaff(actor);
      return write(async (tx) => {
        const rows = await tx.all();
        const before = find(rows, input.id);
        if (input.parentId !== null && input.parentId.toLowerCase() === before.id) {
          throw new DomainError('VALIDATION_FAILED', 'parentId: A category cannot be its own parent', { field: 'parentId' });
        }
        const parent = parentFor(rows, input.parentId);
        const parentId = parent?.id ?? null;
        if (parentId === before.parentId) return before;
        if (parent && before.children > 0) {
          throw new DomainError(
            'VALIDATION_FAILED',
            `parentId: "${before.name}" has ${plural(before.children, 'sub-category')}; categories go at most two levels deep, so move them out first`,
            { field: 'parentId' },
          );
        }
        const position = siblingsOf(rows, parentId).length;
        await tx.update(before.id, { parentId, position });
        const events = audit(before, { ...snapshot(before), id: before.id, parentId, position }, 'moved');
        // Close the gap it left among its old siblings.
        events.push(...(await renumber(tx, siblingsOf(rows, before.parentId, before.id), null)));
        await tx.events(events);
        return fresh(tx, before.id);
      });
    },

    /** Puts a category at `position` among its siblings (clamped to the end); the siblings close up around it. */
    async reorderCategory(actor: AuthUser | null, input: ReorderCategoryInput): Promise<CategoryAdmin> {
      assertCategoryStaff(actor);
      return write(async (tx) => {
        const rows = await tx.all();
        const target = find(rows, input.id);
        const others = siblingsOf(rows, target.parentId, target.id);
        const position = Math.min(input.position, others.length);
        const ordered = [...others.slice(0, position), target, ...others.slice(position)];
        const events = await renumber(tx, ordered, target.id);
        if (target.position !== position) events.unshift(...audit(target, { ...snapshot(target), id: target.id, position }, 'reordered'));
        await tx.events(events);
        return fresh(tx, target.id);
      });
    },

    /** Deletes an empty category; refused (409) while it holds products or sub-categories. */
    async deleteCategory(actor: AuthUser | null, id: string): Promise<void> {
      assertCategoryStaff(actor);
      await write(async (tx) => {
        const rows = await tx.all();
        const category = find(rows, id);
        if (category.products > 0) {
          const archived = category.archivedProducts ? ` (${category.archivedProducts} of them archived: archived products keep their category)` : '';
          throw new DomainError(
            'INVALID_STATE',
            `"${category.name}" still has ${plural(category.products, 'product')}${archived}. Move its ${plural(category.products, 'product')} to another category first.`,
            { products: category.products, archivedProducts: category.archivedProducts },
          );
        }
        if (category.children > 0) {
          throw new DomainError(
            'INVALID_STATE',
            `"${category.name}" still has ${plural(category.children, 'sub-category')}. Move or delete its ${plural(category.children, 'sub-category')} first.`,
            { children: category.children },
          );
        }
        await tx.remove(category.id);
        const events: OutboxEventRow[] = [auditEvent(catalogAudit, { entityType: 'category', entityId: category.id, action: 'deleted', label: category.name, changes: auditChanges(snapshot(category), null, AUDITED) })];
        events.push(...(await renumber(tx, siblingsOf(rows, category.parentId, category.id), null)));
        await tx.events(events);
      });
    },
  };
}

export type CategoryAdminService = ReturnType<typeof createCategoryAdmin>;
