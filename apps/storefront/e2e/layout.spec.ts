import { expect, test } from '@playwright/test';
import { inStockProducts } from './support/api';

/**
 * "No layout jumps": the cumulative layout shift of a page load (the browser's own layout-shift
 * entries, without recent input) stays under 0.1, Google's "good" threshold for CLS. The shifted
 * elements are printed, so a failure says what moved.
 */
for (const [name, path] of [
  ['home', '/'],
  ['category', '/categories/cycling'],
  ['search', '/search?q=bottle'],
  ['product', 'product'],
] as const) {
  test(`no layout jump while the ${name} page loads`, async ({ page }) => {
    const target = path === 'product' ? `/products/${(await inStockProducts('cycling'))[0]!.slug}` : path;
    await page.addInitScript(() => {
      const shifts: { value: number; moved: string[] }[] = [];
      (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] }[]) {
          if (entry.hadRecentInput) continue;
          const moved = (entry.sources ?? []).map((s) => {
            const element = s.node instanceof Element ? s.node : s.node?.parentElement;
            const label = element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}` : String(s.node?.nodeName);
            return `${label} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}, h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`;
          });
          shifts.push({ value: entry.value, moved });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(target);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000);
    const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; moved: string[] }[] }).__shifts);
    const cls = shifts.reduce((sum, shift) => sum + shift.value, 0);
    if (shifts.length) console.log(`[cls] ${name} ${cls.toFixed(3)}: ${shifts.map((s) => `${s.value.toFixed(3)} (${s.moved.join('; ')})`).join(' | ')}`);
    expect(cls, `cumulative layout shift of ${target}`).toBeLessThan(0.1);
  });
}
