import { createHash } from 'node:crypto';

/**
 * Product images are drawn, not fetched: a deterministic SVG from the product's name and
 * colour. Same input, same bytes, so responses can carry a strong ETag and long caching.
 */
export const PRODUCT_IMAGE_PREFIX = '/images/products/';

/** Seeded and admin-created products share one image URL convention. */
export { productImagePath } from '@omnicart/db/seed';

/** Extracts the slug from `/images/products/<slug>.svg`, or null for any other path. */
export function slugFromImagePath(pathname: string): string | null {
  if (!pathname.startsWith(PRODUCT_IMAGE_PREFIX)) return null;
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.svg$/.exec(pathname.slice(PRODUCT_IMAGE_PREFIX.length));
  return match?.[1] ?? null;
}

const COLOUR_FILLS: Record<string, string> = {
  black: '#1f2328',
  white: '#f4f4f2',
  grey: '#8b949e',
  gray: '#8b949e',
  navy: '#1f3a5f',
  blue: '#2f81f7',
  red: '#d1242f',
  green: '#2da44e',
  olive: '#6b7a3a',
  beige: '#d8c7a8',
  brown: '#7a4e2d',
  pink: '#e58fb0',
  yellow: '#e3b341',
  orange: '#e8772e',
  purple: '#8250df',
  silver: '#c0c4c8',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** Colour name → fill; unknown names get a stable hue from their hash. */
export function colourFill(colour: string | null | undefined, fallbackSeed: string): string {
  const known = colour ? COLOUR_FILLS[colour.trim().toLowerCase()] : undefined;
  if (known) return known;
  const hue = createHash('sha256').update(colour ?? fallbackSeed).digest()[0]! * (360 / 256);
  return `hsl(${Math.round(hue)}, 55%, 50%)`;
}

/** Greedy word wrap into at most `maxLines` lines of about `width` characters. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

export interface ProductImageFacts {
  slug: string;
  name: string;
  colour: string | null;
}

export function renderProductSvg({ slug, name, colour }: ProductImageFacts): string {
  const fill = colourFill(colour, slug);
  const digest = createHash('sha256').update(slug).digest();
  // A few deterministic "product" shapes so neighbouring cards do not look identical.
  const shape = digest[1]! % 3;
  const rotate = (digest[2]! % 21) - 10;
  const initial = escapeXml((name.trim()[0] ?? '?').toUpperCase());
  const body =
    shape === 0
      ? `<rect x="170" y="120" width="260" height="260" rx="48" fill="${fill}" transform="rotate(${rotate} 300 250)"/>`
      : shape === 1
        ? `<circle cx="300" cy="250" r="140" fill="${fill}"/>`
        : `<path d="M300 100 L440 380 L160 380 Z" fill="${fill}" stroke-linejoin="round" transform="rotate(${rotate} 300 260)"/>`;
  const lines = wrap(name, 26, 2)
    .map((line, i) => `<text x="300" y="${470 + i * 40}" text-anchor="middle">${escapeXml(line)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="${escapeXml(name)}">` +
    `<rect width="600" height="600" fill="#f6f8fa"/>` +
    body +
    `<text x="300" y="272" text-anchor="middle" font-family="system-ui, sans-serif" font-size="72" font-weight="700" fill="#000000" fill-opacity="0.3">${initial}</text>` +
    `<g font-family="system-ui, sans-serif" font-size="30" fill="#24292f">${lines}</g>` +
    `</svg>`
  );
}
