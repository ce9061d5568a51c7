import { ListingSkeleton } from '@/components/catalog/ListingSkeleton';

export default function Loading() {
  return <ListingSkeleton />;
}
