import { CartSkeleton } from '@/components/cart/CartView';

export default function CartLoading() {
  return (
    <>
      <h1 className="page-title">Your cart</h1>
      <CartSkeleton />
    </>
  );
}
