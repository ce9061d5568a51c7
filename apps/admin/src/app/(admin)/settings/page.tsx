import type { Metadata } from 'next';
import { ComingSoon } from '@/components/ComingSoon';
import { sectionById } from '@/sections';
import { requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('settings').label };

export default async function Page() {
  await requireSection('settings');
  return <ComingSoon section={sectionById('settings')} />;
}
