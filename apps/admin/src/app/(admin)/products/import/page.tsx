import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductImport } from '@/components/products/ProductImport';
import { applyProductImport, previewProductImport } from '@/server/catalog-actions';
import { requirePermission } from '@/server/guard';

export const metadata: Metadata = { title: 'Import products' };

/** CSV import: choose a file, see every row's outcome and every error, then apply it all or nothing. */
export default async function ProductImportPage() {
  await requirePermission('products:write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Import products</h1>
        <div className="oc-cluster">
          <a href="/products/export.csv" className="oc-button oc-button--secondary oc-button--sm" download>
            Export CSV
          </a>
          <Link href="/products" className="oc-button oc-button--secondary oc-button--sm">
            Back to products
          </Link>
        </div>
      </div>
      <section className="panel" aria-labelledby="format-title">
        <h2 id="format-title" className="section-title">
          The file
        </h2>
        <p>
          A header row, then one product per row, matched by SKU: a new SKU creates a product, a known SKU updates only what differs, an identical row
          changes nothing (importing the same file twice is harmless). The export writes this same format.
        </p>
        <ul>
          <li>
            Required columns: <code>sku</code>, <code>name</code>, <code>price</code> (like <code>149.99</code>), <code>category</code> (its slug).
          </li>
          <li>
            Optional: <code>description</code>, <code>currency</code> (USD), <code>brand</code>, <code>status</code> (draft, active or archived; empty means
            active), <code>attributes</code> (<code>colour=Black; size=M</code>). A column left out leaves that field of existing products alone.
          </li>
          <li>At most 900 KB and 10,000 rows per file. Nothing is written until you apply, and then all rows are written or none.</li>
        </ul>
      </section>
      <ProductImport preview={previewProductImport} apply={applyProductImport} />
    </div>
  );
}
