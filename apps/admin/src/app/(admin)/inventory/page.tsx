import type { Metadata } from 'next';
import { ComingSoon } from '@/components/ComingSoon';
import { sectionById } from '@/sections';
import { requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('inventory').label };

export default async function Page() {
  await requireSection('inventory');
  return <ComingSoon section={sectionById('inventory')} />;
}
