'use client';
import { Button, TextField } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { Outcome } from '../users/Outcome';
import styles from './catalog.module.css';

export interface StaffCategory {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
  products: number;
  archivedProducts: number;
  children: number;
}

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * The tree with a form per change; every form posts to one server action (`op` names the change) and
 * the outcome — the catalog's own message when it refuses — is announced in one live region.
 */
export function CategoryTree({ categories, canWrite, action }: { categories: StaffCategory[]; canWrite: boolean; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const roots = categories.filter((category) => category.parentId === null);
  const childrenOf = (id: string) => categories.filter((category) => category.parentId === id);
  const values = state.status === 'error' ? state.values : undefined;

  const row = (category: StaffCategory, siblings: StaffCategory[], index: number) => {
    // A category with sub-categories stays top-level; a sub-category goes under any other top-level one.
    const parents = roots.filter((root) => root.id !== category.id && root.id !== category.parentId);
    return (
      <div className={styles.row}>
        <div>
          <strong>{category.name}</strong> <span className="muted">/{category.slug}</span>
          <span className="muted">
            {' '}
            · {category.products} {category.products === 1 ? 'product' : 'products'}
            {category.parentId === null ? ` · ${category.children} sub-categories` : ''}
          </span>
        </div>
        {canWrite ? (
          <div className="oc-cluster">
            <form action={submit}>
              <input type="hidden" name="op" value="up" />
              <input type="hidden" name="id" value={category.id} />
              <input type="hidden" name="position" value={index} />
              <Button type="submit" variant="secondary" size="sm" disabled={index === 0 || pending} aria-label={`Move ${category.name} up`}>
                ↑ Up
              </Button>
            </form>
            <form action={submit}>
              <input type="hidden" name="op" value="down" />
              <input type="hidden" name="id" value={category.id} />
              <input type="hidden" name="position" value={index} />
              <Button type="submit" variant="secondary" size="sm" disabled={index === siblings.length - 1 || pending} aria-label={`Move ${category.name} down`}>
                ↓ Down
              </Button>
            </form>
            <details>
              <summary>Rename</summary>
              <form action={submit} className="stack-form">
                <input type="hidden" name="op" value="rename" />
                <input type="hidden" name="id" value={category.id} />
                <TextField id={`rename-name-${category.id}`} label={`New name for ${category.name}`} name="name" defaultValue={category.name} required autoComplete="off" />
                <TextField id={`rename-slug-${category.id}`} label="Slug" name="slug" defaultValue={category.slug} autoComplete="off" hint="Lower-case words joined by “-”; it is in the storefront's URLs" />
                <Button type="submit" size="sm" loading={pending}>
                  Save name
                </Button>
              </form>
            </details>
            {category.children === 0 ? (
              <details>
                <summary>Move</summary>
                <form action={submit} className="stack-form">
                  <input type="hidden" name="op" value="move" />
                  <input type="hidden" name="id" value={category.id} />
                  <label>
                    New parent of {category.name}
                    <select className="oc-select" name="parentId" defaultValue="">
                      {category.parentId !== null ? <option value="">None (top level)</option> : <option value="">Choose a parent</option>}
                      {parents.map((parent) => (
                        <option key={parent.id} value={parent.id}>
                          {parent.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <Button type="submit" size="sm" loading={pending}>
                    Move
                  </Button>
                </form>
              </details>
            ) : null}
            <form action={submit}>
              <input type="hidden" name="op" value="delete" />
              <input type="hidden" name="id" value={category.id} />
              <input type="hidden" name="name" value={category.name} />
              <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Delete ${category.name}`}>
                Delete
              </Button>
            </form>
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <>
      <div aria-live="polite" role="status">
        <Outcome state={state} />
      </div>
      <section className="panel" aria-labelledby="tree-title">
        <h2 id="tree-title" className="section-title">
          Category tree
        </h2>
        <ol className={styles.tree}>
          {roots.map((root, index) => (
            <li key={root.id}>
              {row(root, roots, index)}
              {childrenOf(root.id).length ? (
                <ol aria-label={`Sub-categories of ${root.name}`}>
                  {childrenOf(root.id).map((child, childIndex, siblings) => (
                    <li key={child.id}>{row(child, siblings, childIndex)}</li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {canWrite ? (
        <section className="panel">
          <form action={submit} className="stack-form" aria-labelledby="create-title" noValidate>
            <h2 id="create-title" className="section-title">
              New category
            </h2>
            <input type="hidden" name="op" value="create" />
            <TextField id="new-category-name" label="Name" name="name" required autoComplete="off" defaultValue={values?.name} error={state.fieldErrors?.name} />
            <TextField id="new-category-slug" label="Slug (optional)" name="slug" autoComplete="off" hint="Made from the name when empty" defaultValue={values?.slug} error={state.fieldErrors?.slug} />
            <label>
              Parent
              <select className="oc-select" name="parentId" defaultValue={values?.parentId ?? ''}>
                <option value="">None (a top-level category)</option>
                {roots.map((root) => (
                  <option key={root.id} value={root.id}>
                    {root.name}
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" loading={pending}>
              Create category
            </Button>
          </form>
        </section>
      ) : null}
    </>
  );
}
