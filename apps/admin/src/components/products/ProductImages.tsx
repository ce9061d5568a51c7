'use client';
import { Alert, Button, TextField } from '@omnicart/ui';
import { useActionState, useEffect, useId, useRef, useState, useTransition } from 'react';
import { ACCEPTED_IMAGE_TYPES, MAX_PRODUCT_IMAGES, MAX_UPLOAD_BYTES, fileSize, isGeneratedImage, moved, type ImagesState, type ProductImage } from '@/lib/products/images';
import styles from './ProductImages.module.css';

interface Props {
  productId: string;
  productName: string;
  images: ProductImage[];
  /** Staff without products:write see the images only. */
  canWrite: boolean;
  /** server/product-image-actions.ts `uploadProductImage`, bound to the product id. */
  upload: (previous: ImagesState, form: FormData) => Promise<ImagesState>;
  /** server/product-image-actions.ts `saveProductImages` (reorder, remove). */
  save: (productId: string, images: ProductImage[], what: string) => Promise<ImagesState>;
}

const IDLE: ImagesState = { status: 'idle' };

/**
 * A product's images, first one first (the storefront shows it on cards and on top of the page):
 * upload one (PNG, JPEG, WebP, GIF or SVG up to 5 MB; the catalog re-encodes it), move one earlier
 * or later, remove one. Mounted by the product editor.
 */
export function ProductImages({ productId, productName, images: initial, canWrite, upload, save }: Props) {
  const [images, setImages] = useState(initial);
  const [uploadState, submitUpload, uploading] = useActionState(upload, IDLE);
  const [changeState, setChangeState] = useState<ImagesState>(IDLE);
  const [saving, startSaving] = useTransition();
  const [chosen, setChosen] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  // Which outcome to announce: the latest of an upload and a reorder/removal.
  const [latest, setLatest] = useState<'upload' | 'change'>('upload');
  const formRef = useRef<HTMLFormElement>(null);
  const fileId = useId();

  // A finished upload brings the product's new list; clear the form for the next one.
  useEffect(() => {
    if (uploadState.status === 'done') {
      if (uploadState.images) setImages(uploadState.images);
      formRef.current?.reset();
      setChosen(null);
    }
  }, [uploadState]);

  function change(next: ProductImage[], what: string) {
    const before = images;
    setLatest('change');
    setImages(next);
    startSaving(async () => {
      const result = await save(productId, next, what);
      setChangeState(result);
      if (result.status === 'error') setImages(before);
      else if (result.images) setImages(result.images);
    });
  }

  const full = images.length >= MAX_PRODUCT_IMAGES;
  const status = uploading
    ? `Uploading ${chosen?.name ?? 'the image'}${chosen ? ` (${fileSize(chosen.size)})` : ''}…`
    : saving
      ? 'Saving the images…'
      : null;
  const outcome = latest === 'upload' ? uploadState : changeState;

  return (
    <section className={styles.panel} aria-labelledby="product-images-title">
      <h2 id="product-images-title" className="section-title">
        Images
      </h2>
      {images.length === 0 ? (
        <p className="muted">No images yet.</p>
      ) : (
        <ol className={styles.list} aria-label={`Images of ${productName}, in the order the storefront shows them`}>
          {images.map((image, index) => (
            <li key={image.url} className={styles.item}>
              <img src={image.url} alt={image.alt} className={styles.thumb} width={96} height={96} loading="lazy" />
              <div className={styles.meta}>
                <span>
                  {index === 0 ? <strong>Main image. </strong> : `Image ${index + 1}. `}
                  {image.alt || <span className="muted">No description</span>}
                </span>
                <span className="muted">{isGeneratedImage(image.url) ? 'Generated placeholder' : image.url.startsWith('/images/uploads/') ? 'Uploaded' : 'Linked'}</span>
              </div>
              {canWrite ? (
                <div className={styles.actions}>
                  <Button
                    type="button"
                    size="sm"
                    variant="secondary"
                    aria-label={`Move earlier: image ${index + 1}`}
                    disabled={index === 0 || saving}
                    onClick={() => change(moved(images, index, -1), `Image ${index + 1} moved earlier.`)}
                  >
                    Move earlier
                  </Button>
                  <Button
                    type="button"
                    size="sm"
                    variant="secondary"
                    aria-label={`Move later: image ${index + 1}`}
                    disabled={index === images.length - 1 || saving}
                    onClick={() => change(moved(images, index, 1), `Image ${index + 1} moved later.`)}
                  >
                    Move later
                  </Button>
                  <Button
                    type="button"
                    size="sm"
                    variant="danger"
                    aria-label={`Remove image ${index + 1}`}
                    disabled={saving}
                    onClick={() => change(images.filter((_, at) => at !== index), `Image ${index + 1} removed.`)}
                  >
                    Remove
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}

      {canWrite ? (
        <form
          ref={formRef}
          action={submitUpload}
          className="stack-form"
          noValidate
          onSubmit={(event) => {
            if (!chosen) {
              event.preventDefault();
              setFileError('Choose an image file to upload.');
            } else if (fileError) event.preventDefault();
            else setLatest('upload');
          }}
        >
          <div className={`oc-field${fileError ? ' oc-field--invalid' : ''}`}>
            <label className="oc-field__label" htmlFor={fileId}>
              Image file
            </label>
            <p className="oc-field__hint" id={`${fileId}-hint`}>
              PNG, JPEG, WebP, GIF or SVG, up to 5 MB. It is converted to WebP without its metadata; an SVG becomes a picture.
            </p>
            <input
              id={fileId}
              name="image"
              type="file"
              accept={ACCEPTED_IMAGE_TYPES}
              disabled={full || uploading}
              aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => {
                const file = event.target.files?.[0] ?? null;
                setChosen(file);
                setFileError(file && file.size > MAX_UPLOAD_BYTES ? `${file.name} is ${fileSize(file.size)}: at most 5 MB.` : undefined);
              }}
            />
            {fileError ? (
              <p className="oc-field__error" id={`${fileId}-error`}>
                {fileError}
              </p>
            ) : null}
          </div>
          <TextField label="Description (alt text)" name="alt" maxLength={300} autoComplete="off" hint={`What the picture shows, for people who cannot see it. Default: “${productName}”.`} disabled={full || uploading} />
          {full ? <p className="muted">This product has {MAX_PRODUCT_IMAGES} images, the most it can hold: remove one to add another.</p> : null}
          <div>
            <Button type="submit" loading={uploading} disabled={full}>
              Upload image
            </Button>
          </div>
        </form>
      ) : null}

      <div aria-live="polite" className={styles.status}>
        {status ? <p>{status}</p> : outcome.status === 'error' && outcome.message ? <Alert tone="error">{outcome.message}</Alert> : outcome.status === 'done' && outcome.message ? <Alert tone="success">{outcome.message}</Alert> : null}
      </div>
    </section>
  );
}
