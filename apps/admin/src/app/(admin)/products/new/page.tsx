import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductForm } from '@/components/products/ProductForm';
import { requirePermission } from '@/server/guard';
import { saveProduct } from '@/server/product-actions';

export const metadata: Metadata = { title: 'New product' };

/** A new product (products:write; anyone else gets the not-allowed page). */
export default async function NewProductPage() {
  const { api, staff } = await requirePermission('products:write');
  const categories = await api.catalog.categories.query();
  return (
    <div className="stack">
      <p>
        <Link href="/products">← All products</Link>
      </p>
      <h1 className="page-title">New product</h1>
      <ProductForm product={null} categories={categories} threshold={null} canSetThreshold={staff.permissions.includes('inventory:write')} action={saveProduct} />
      {/* images: ProductImages (the image uploader; images can be added once the product exists) */}
    </div>
  );
}
