import type { Section } from '@/sections';

/** A section whose backend is not there yet: an honest empty state, never made-up data. */
export function ComingSoon({ section }: { section: Section }) {
  return (
    <section aria-labelledby="section-title">
      <h1 id="section-title" className="page-title">
        {section.label}
      </h1>
      <div className="panel">
        <p>
          <strong>Coming soon in this release.</strong> {section.description}: the services behind this section are not available yet, so there is nothing to
          show here today.
        </p>
      </div>
    </section>
  );
}
