import { randomUUID } from 'node:crypto';
import { slugify as seedSlugify } from '@omnicart/db/seed';
import type { OutboxEventRow } from '../events/index.js';
import { auditChanges, auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { catalogAudit } from './events.js';
import { productImagePath } from './images.js';
import { csvHeader, csvRows, MAX_IMPORT_BYTES, parseProductCsv, type CsvProductRow, type CsvRowError } from './product-csv.js';
import type { CatalogRepository, CategoryRow, ProductBefore, ProductRow, ProductWrite } from './repository.js';
import type { ExportPage, ExportPageInput, ImportCsvInput, ImportPreview, ImportProgress, ImportResult } from './schemas.js';

/**
 * Product CSV import (preview, then apply all or nothing) and export, in the format of product-csv.ts.
 * Rows are upserted by SKU: a new SKU creates a product (slug from the name, disambiguated with the SKU
 * when taken; the generated image), a known SKU updates only the fields that differ, an identical row is
 * left alone (no write, no event, no audit entry), so importing the same file twice changes nothing.
 *
 * Apply re-validates the file against the locked current products inside its one transaction and writes
 * every create and update there, with their product events and one audit entry each; any error rolls
 * back all of it (400 with every row error). Progress: the caller may name the apply with an `importId`
 * and poll `importProgress`; the counts live in the memory of the replica doing the work (another
 * replica answers `unknown`, and the admin then shows the bar without a number).
 */

export interface ImportHooks {
  afterWrite: () => Promise<void>;
  outboxWritten: () => void;
  createdEvents: (product: ProductRow, actor: AuthUser) => OutboxEventRow[];
  updatedEvents: (before: ProductBefore, after: ProductRow, actor: AuthUser) => OutboxEventRow[];
}

const AUDITED = ['sku', 'name', 'description', 'price', 'category', 'brand', 'status', 'attributes'] as const;
type AuditSnapshot = Record<(typeof AUDITED)[number], unknown>;

/** A field of a product the CSV can change, as the CSV names it. */
type Field = 'name' | 'description' | 'price' | 'category' | 'brand' | 'status' | 'attributes';

interface PlannedCreate {
  line: number;
  write: ProductWrite & { id: string };
}
interface PlannedUpdate {
  line: number;
  current: ProductRow;
  patch: Partial<ProductWrite>;
  changed: Field[];
}
export interface ImportPlan {
  preview: ImportPreview;
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
}

const slugOf = (text: string) => seedSlugify(text).slice(0, 180).replace(/-+$/g, '');

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** What a row changes on an existing product (only the columns the file has). */
function diff(row: CsvProductRow, current: ProductRow, categoryId: string): { patch: Partial<ProductWrite>; changed: Field[] } {
  const patch: Partial<ProductWrite> = {};
  const changed: Field[] = [];
  const set = <K extends keyof ProductWrite>(field: Field, key: K, value: ProductWrite[K]) => {
    patch[key] = value;
    changed.push(field);
  };
  if (row.name !== current.name) set('name', 'name', row.name);
  if (row.description !== undefined && row.description !== current.description) set('description', 'description', row.description);
  if (row.priceAmount !== current.priceAmount) set('price', 'priceAmount', row.priceAmount);
  if (categoryId !== current.categoryId) set('category', 'categoryId', categoryId);
  if (row.brand !== undefined && row.brand !== current.brand) set('brand', 'brand', row.brand);
  if (row.status !== undefined && row.status !== current.status) set('status', 'status', row.status);
  if (row.attributes !== undefined && !sameAttributes(row.attributes, current.attributes ?? {})) set('attributes', 'attributes', row.attributes);
  return { patch, changed };
}

/**
 * The plan of an import: every row's action and every error (parsing, unknown categories, slugs)
 * against the current products (`existing`, by SKU) and the slugs `slugsTaken` reports.
 */
export async function planImport(
  csv: string,
  categories: readonly CategoryRow[],
  existingBySku: (skus: string[]) => Promise<ProductRow[]>,
  slugsTaken: (slugs: string[]) => Promise<Set<string>>,
): Promise<ImportPlan> {
  const parsed = parseProductCsv(csv);
  const errors: CsvRowError[] = [...parsed.errors];
  const bySlug = new Map(categories.map((category) => [category.slug, category]));
  const existing = new Map((parsed.rows.length ? await existingBySku(parsed.rows.map((row) => row.sku)) : []).map((product) => [product.sku, product]));

  // Slug candidates of new products: from the name, else name + SKU.
  const newRows = parsed.rows.filter((row) => !existing.has(row.sku));
  const candidates = newRows.flatMap((row) => [slugOf(row.name), `${slugOf(row.name)}-${slugOf(row.sku)}`]).filter(Boolean);
  const taken = candidates.length ? await slugsTaken(candidates) : new Set<string>();

  const preview: ImportPreview = { total: parsed.total, counts: { create: 0, update: 0, unchanged: 0, invalid: 0 }, errors, rows: [] };
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  for (const row of parsed.rows) {
    const category = bySlug.get(row.category);
    if (!category) {
      errors.push({ line: row.line, field: 'category', message: `Unknown category "${row.category}": use the slug of an existing category` });
      continue;
    }
    const current = existing.get(row.sku);
    if (current) {
      const { patch, changed } = diff(row, current, category.id);
      const action = changed.length ? 'update' : 'unchanged';
      preview.rows.push({ line: row.line, sku: row.sku, name: row.name, action, changed });
      if (changed.length) updates.push({ line: row.line, current, patch, changed });
      continue;
    }
    const base = slugOf(row.name);
    const slug = [base, `${base}-${slugOf(row.sku)}`].find((candidate) => candidate && !taken.has(candidate));
    if (!slug) {
      errors.push({ line: row.line, field: 'name', message: `Another product already has the slug "${base}" this name gives: change the name` });
      continue;
    }
    taken.add(slug);
    preview.rows.push({ line: row.line, sku: row.sku, name: row.name, action: 'create', changed: [] });
    creates.push({
      line: row.line,
      write: {
        id: randomUUID(),
        sku: row.sku,
        slug,
        name: row.name,
        description: row.description ?? '',
        priceAmount: row.priceAmount,
        status: row.status ?? 'active',
        categoryId: category.id,
        brand: row.brand ?? null,
        attributes: row.attributes ?? {},
        images: [{ url: productImagePath(slug), alt: row.name }],
        maxPerOrder: null,
        maxPerCustomer: null,
      },
    });
  }
  errors.sort((a, b) => a.line - b.line);
  const invalidLines = new Set(errors.filter((error) => error.line > 1).map((error) => error.line));
  preview.counts = {
    create: creates.length,
    update: updates.length,
    unchanged: preview.rows.length - creates.length - updates.length,
    invalid: invalidLines.size,
  };
  return { preview, creates, updates };
}

const IMPORT_CHUNK = 500;
const PROGRESS_KEPT_MS = 10 * 60_000;

export function createProductImport(repository: CatalogRepository, hooks: ImportHooks) {
  const progress = new Map<string, ImportProgress & { actorId: string }>();

  function assertWriter(actor: AuthUser | null): asserts actor is AuthUser {
    if (!actor) throw new DomainError('UNAUTHORIZED', 'Authentication required: send a Bearer access token');
    requirePermission(actor, 'products:write');
  }

  function assertSize(csv: string): void {
    const bytes = Buffer.byteLength(csv, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The file is ${Math.ceil(bytes / 1024)} KB; an import takes at most ${MAX_IMPORT_BYTES / 1024} KB: split it into smaller files`);
    }
  }

  function snapshot(product: Pick<ProductRow, 'sku' | 'name' | 'description' | 'priceAmount' | 'categoryId' | 'brand' | 'status' | 'attributes'>, categories: Map<string, string>): AuditSnapshot {
    return {
      sku: product.sku,
      name: product.name,
      description: product.description,
      price: product.priceAmount,
      category: categories.get(product.categoryId) ?? product.categoryId,
      brand: product.brand,
      status: product.status,
      attributes: product.attributes ?? {},
    };
  }

  return {
    /** Validates every row against the catalog and says what applying would do; writes nothing. */
    async importPreview(actor: AuthUser | null, input: ImportCsvInput): Promise<ImportPreview> {
      assertWriter(actor);
      assertSize(input.csv);
      const plan = await planImport(input.csv, await repository.listCategories(), (skus) => repository.productsForImport(skus), (slugs) => repository.slugsTaken(slugs));
      return plan.preview;
    },

    /** Applies the whole file in one transaction, or nothing (400 with every row error). */
    async importApply(actor: AuthUser | null, input: ImportCsvInput): Promise<ImportResult> {
      assertWriter(actor);
      assertSize(input.csv);
      const key = input.importId?.toLowerCase();
      const track = (state: ImportProgress['state'], processed: number, total: number) => {
        if (key) progress.set(key, { state, processed, total, actorId: actor.id });
      };
      track('validating', 0, 0);
      try {
        const categories = await repository.listCategories();
        const categorySlugs = new Map(categories.map((category) => [category.id, category.slug]));
        const result = await repository.importWrite(async (tx) => {
          const plan = await planImport(input.csv, categories, (skus) => tx.lockBySkus(skus), (slugs) => tx.slugsTaken(slugs));
          const { errors } = plan.preview;
          if (errors.length) {
            const first = errors[0]!;
            throw new DomainError(
              'VALIDATION_FAILED',
              `${errors.length === 1 ? 'One problem' : `${errors.length} problems`} in the file, nothing was imported; line ${first.line}, ${first.field}: ${first.message}`,
              { errors: errors.slice(0, 1_000) },
            );
          }
          const total = plan.creates.length + plan.updates.length;
          let processed = 0;
          track('writing', 0, total);
          const events: OutboxEventRow[] = [];
          for (let start = 0; start < plan.creates.length; start += IMPORT_CHUNK) {
            const chunk = plan.creates.slice(start, start + IMPORT_CHUNK);
            await tx.createMany(chunk.map((create) => create.write));
            for (const product of await tx.byIds(chunk.map((create) => create.write.id))) {
              events.push(...hooks.createdEvents(product, actor));
              events.push(auditEvent(catalogAudit, { entityType: 'product', entityId: product.id, action: 'created', label: product.name, changes: auditChanges(null, snapshot(product, categorySlugs), AUDITED) }));
            }
            processed += chunk.length;
            track('writing', processed, total);
          }
          for (let start = 0; start < plan.updates.length; start += IMPORT_CHUNK) {
            const chunk = plan.updates.slice(start, start + IMPORT_CHUNK);
            for (const update of chunk) await tx.update(update.current.id, update.patch);
            const after = new Map((await tx.byIds(chunk.map((update) => update.current.id))).map((product) => [product.id, product]));
            for (const update of chunk) {
              const product = after.get(update.current.id);
              if (!product) throw new Error('updated product vanished');
              events.push(...hooks.updatedEvents(update.current, product, actor));
              const changes = auditChanges(snapshot(update.current, categorySlugs), snapshot(product, categorySlugs), AUDITED);
              events.push(auditEvent(catalogAudit, { entityType: 'product', entityId: product.id, action: 'updated', label: product.name, changes }));
            }
            processed += chunk.length;
            track('writing', processed, total);
          }
          for (let start = 0; start < events.length; start += 1_000) await tx.events(events.slice(start, start + 1_000));
          return { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.preview.counts.unchanged };
        });
        track('done', result.created + result.updated, result.created + result.updated);
        if (result.created + result.updated > 0) {
          hooks.outboxWritten();
          await hooks.afterWrite();
        }
        return result;
      } catch (error) {
        const current = key ? progress.get(key) : undefined;
        track('failed', current?.processed ?? 0, current?.total ?? 0);
        if (error instanceof DomainError) throw error;
        if ((error as { code?: unknown }).code === 'P2002') {
          throw new DomainError('CONFLICT', 'Another write created one of these SKUs or slugs while the import ran; nothing was imported: preview the file again');
        }
        throw error;
      } finally {
        if (key) setTimeout(() => progress.delete(key), PROGRESS_KEPT_MS).unref();
      }
    },

    /** How far an apply this replica runs has got (`unknown` for another's, or someone else's). */
    async importProgress(actor: AuthUser | null, importId: string): Promise<ImportProgress> {
      assertWriter(actor);
      const entry = progress.get(importId.toLowerCase());
      if (!entry || entry.actorId !== actor.id) return { state: 'unknown', processed: 0, total: 0 };
      return { state: entry.state, processed: entry.processed, total: entry.total };
    },

    /** One page of the CSV export, in SKU order (keyset on the SKU). */
    async exportPage(actor: AuthUser | null, input: ExportPageInput): Promise<ExportPage> {
      if (!actor) throw new DomainError('UNAUTHORIZED', 'Authentication required: send a Bearer access token');
      requirePermission(actor, 'products:read');
      const categories = await repository.listCategories();
      let categoryIds: string[] | null = null;
      if (input.category !== undefined) {
        const category = categories.find((row) => row.slug === input.category!.toLowerCase());
        if (!category) throw new DomainError('NOT_FOUND', `Category '${input.category}' not found`);
        categoryIds = [category.id, ...categories.filter((row) => row.parentId === category.id).map((row) => row.id)];
      }
      const rows = await repository.exportPage({ afterSku: input.after ?? null, take: input.limit + 1, status: input.status ?? null, categoryIds });
      const page = rows.slice(0, input.limit);
      return {
        header: csvHeader(),
        csv: csvRows(page.map((row) => ({ ...row, attributes: row.attributes ?? {} }))),
        rows: page.length,
        next: rows.length > input.limit ? (page[page.length - 1]?.sku ?? null) : null,
      };
    },
  };
}
