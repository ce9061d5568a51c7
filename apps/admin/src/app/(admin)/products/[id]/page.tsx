import { serviceStatus } from '@omnicart/bff';
import { Alert, Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EntityHistory } from '@/components/audit/EntityHistory';
import { ArchiveRestore } from '@/components/products/ArchiveRestore';
import { ProductForm } from '@/components/products/ProductForm';
import { ProductImages } from '@/components/products/ProductImages';
import { dateTime } from '@/lib/format';
import { PRODUCT_STATUS_LABELS, PRODUCT_STATUS_TONES } from '@/lib/products/types';
import { first, type SearchParams } from '@/lib/url-state';
import { entityHistory } from '@/server/audit';
import { requirePermission } from '@/server/guard';
import { archiveOrRestore, saveProduct } from '@/server/product-actions';
import { saveProductImages, uploadProductImage } from '@/server/product-image-actions';

export const metadata: Metadata = { title: 'Product' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The product editor (products:write; anyone else gets the not-allowed page): the details form,
 * archive or restore, the low-stock threshold read from and written to inventory, the images
 * (upload, order, remove) and, for staff who may read the audit log, the product's change history.
 */
export default async function ProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requirePermission('products:write');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const query = await searchParams;
  const [product, categories] = await Promise.all([
    api.catalog.byIdOrSlug.query({ idOrSlug: id }).catch((error: unknown) => {
      if (serviceStatus(error) === 404) notFound();
      throw error;
    }),
    api.catalog.categories.query(),
  ]);
  // The low-stock threshold is inventory's: inventory.list carries it (the SKU as a prefix, then the exact one).
  const stock = staff.permissions.includes('inventory:read')
    ? ((await api.inventory.list.query({ q: product.sku, pageSize: 10 })).items.find((level) => level.sku === product.sku) ?? null)
    : null;

  return (
    <div className="stack">
      <p>
        <Link href="/products">← All products</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">{product.name}</h1>
        <Badge tone={PRODUCT_STATUS_TONES[product.status]}>{PRODUCT_STATUS_LABELS[product.status]}</Badge>
      </div>
      <p className="muted">
        {product.sku} · last changed {dateTime(product.updatedAt)}
        {stock ? ` · ${stock.available} available (${stock.onHand} on hand)` : ' · no stock recorded'}
        {product.status === 'active' ? (
          <>
            {' · '}
            <Link href={`/inventory/${encodeURIComponent(product.sku)}`}>Stock and movements</Link>
          </>
        ) : null}
      </p>
      {first(query, 'created') ? <Alert tone="success">Product created.{first(query, 'threshold') === '0' ? ' The low-stock threshold could not be set: set it again below.' : ''}</Alert> : null}
      {/* Not keyed on the product's version: a save revalidates this page, and the form keeps its outcome message. */}
      <ProductForm
        product={product}
        categories={categories}
        threshold={stock?.lowStockThreshold ?? null}
        canSetThreshold={staff.permissions.includes('inventory:write')}
        action={saveProduct}
      />
      <ArchiveRestore id={product.id} status={product.status} action={archiveOrRestore} />
      <ProductImages
        productId={product.id}
        productName={product.name}
        images={product.images}
        canWrite
        upload={uploadProductImage.bind(null, product.id)}
        save={saveProductImages}
      />
      <EntityHistory entityType="product" entityId={product.id} history={await entityHistory('product', product.id)} />
    </div>
  );
}
