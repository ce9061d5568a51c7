'use server';
import { callerHeaders, requestContext, serviceStatus, tracedFetch } from '@omnicart/bff';
import { revalidatePath } from 'next/cache';
import { getEnv, serviceToken } from '@/env';
import { MAX_UPLOAD_BYTES, type ImagesState, type ProductImage } from '@/lib/products/images';
import { sessions } from './auth';
import { getAdminContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function allowed(verb: string): Promise<ImagesState | null> {
  const context = await getAdminContext();
  if (!context.user) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (!context.staff?.permissions.includes('products:write')) return { status: 'error', message: `You don't have permission to ${verb}.` };
  return null;
}

/**
 * Sends one image's bytes to the catalog through the gateway (POST /images/uploads/products/<id>,
 * with the staff member's token). The catalog sniffs the type, limits the size and re-encodes it;
 * its refusals (413, 415, 409) come back in words.
 */
export async function uploadProductImage(productId: string, _previous: ImagesState, form: FormData): Promise<ImagesState> {
  const verb = 'upload images';
  const refused = await allowed(verb);
  if (refused) return refused;
  if (!UUID.test(productId)) return { status: 'error', message: 'This product is not valid.' };
  const file = form.get('image');
  if (!(file instanceof File) || file.size === 0) return { status: 'error', message: 'Choose an image file to upload.' };
  if (file.size > MAX_UPLOAD_BYTES) return { status: 'error', message: `${file.name} is larger than 5 MB: choose a smaller image.` };
  const alt = String(form.get('alt') ?? '').trim().slice(0, 300);
  const { caller } = await requestContext(sessions);
  const env = getEnv();
  let response: Response;
  try {
    response = await tracedFetch('/images/uploads/products/{productId}', `${env.GATEWAY_URL.replace(/\/$/, '')}/images/uploads/products/${productId}${alt ? `?alt=${encodeURIComponent(alt)}` : ''}`, {
      method: 'POST',
      headers: { ...callerHeaders(caller, { serviceToken: serviceToken(), appName: 'admin' }), 'content-type': 'application/octet-stream' },
      body: Buffer.from(await file.arrayBuffer()),
      signal: AbortSignal.timeout(Math.max(env.SERVICE_TIMEOUT_MS, 15_000)),
      cache: 'no-store',
    });
  } catch (error) {
    console.error('image upload failed', error);
    return { status: 'error', message: 'Could not upload the image right now: the catalog did not answer. Please try again.' };
  }
  const body = (await response.json().catch(() => null)) as { images?: ProductImage[]; added?: boolean; error?: { message?: string } } | null;
  if (!response.ok) {
    if (response.status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
    if (response.status === 403) return { status: 'error', message: `You don't have permission to ${verb}.` };
    const reason = body?.error?.message ?? `the catalog answered ${response.status}`;
    return { status: 'error', message: `${file.name} was not uploaded: ${reason}` };
  }
  revalidatePath(`/products/${productId}`);
  return {
    status: 'done',
    message: body?.added === false ? `${file.name} is already one of this product's images.` : `${file.name} uploaded.`,
    ...(body?.images ? { images: body.images } : {}),
  };
}

/** Saves a new order of the product's images, or the list without a removed one (catalog.update). */
export async function saveProductImages(productId: string, images: ProductImage[], what: string): Promise<ImagesState> {
  const verb = 'change the images';
  const refused = await allowed(verb);
  if (refused) return refused;
  if (!UUID.test(productId)) return { status: 'error', message: 'This product is not valid.' };
  const context = await getAdminContext();
  try {
    const product = await context.api.catalog.update.mutate({ id: productId, images: images.map((image) => ({ url: image.url, alt: image.alt })) });
    revalidatePath(`/products/${productId}`);
    return { status: 'done', message: what, images: product.images };
  } catch (error) {
    const status = serviceStatus(error);
    const message = error instanceof Error ? error.message : '';
    if (status === 403) return { status: 'error', message: `You don't have permission to ${verb}.` };
    if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
    if (status === 400 || status === 404 || status === 409) return { status: 'error', message: `Could not ${verb}: ${message}` };
    console.error('saving product images failed', error);
    return { status: 'error', message: `Could not ${verb} right now: the catalog did not answer. Please try again.` };
  }
}
