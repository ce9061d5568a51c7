import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** Renders an element to static HTML and parses it with a tiny attribute reader (no DOM needed). */
export function render(element: ReactElement) {
  const html = renderToStaticMarkup(element);
  return {
    html,
    /** The opening tag of the first element matching `tag` (and containing `contains`, if given). */
    tag(tag: string, contains = ''): string {
      const match = [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))].find((m) => m[0].includes(contains));
      if (!match) throw new Error(`no <${tag}> containing ${JSON.stringify(contains)} in ${html}`);
      return match[0];
    },
  };
}

/** Value of `name` in an opening tag, or undefined when absent. */
export function attr(openingTag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(openingTag)?.[1];
}
