import { CATALOG_TAG, HOME_TAG, tagsForChanges, type CatalogChange } from './catalog-keys';

/**
 * The loop behind catalog-changes.ts, free of Next and of the network so it is unit-tested:
 * ask the change feed what changed since the last answer, expire the matching cache tags, repeat.
 *
 * - The first successful poll of a process (no `since` yet) expires `catalog` and `home`: the data
 *   cache lives on disk, so answers cached by an earlier process may predate changes made while
 *   this one was down.
 * - `since` only advances once the tags are expired, so a failed revalidation is retried with the
 *   same changes.
 * - A failing feed or revalidation is logged once (and once more when it recovers), never thrown:
 *   the storefront keeps serving (cached pages then expire by age, CATALOG_REVALIDATE_SECONDS).
 */

export interface ChangeFeedPage {
  changes: CatalogChange[];
  /** What to pass as `since` next time (an ISO timestamp or an opaque cursor). */
  until: string;
}

export interface ChangePollerDeps {
  fetchChanges(since: string | undefined): Promise<ChangeFeedPage>;
  revalidate(tags: string[]): Promise<void>;
  intervalMs: number;
  log?: { info(message: string): void; warn(message: string): void };
  /** Timer hooks (tests pass fakes). */
  setTimer?: (callback: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

export interface ChangePoller {
  /** One poll; resolves true when the feed was read and the tags expired. */
  pollOnce(): Promise<boolean>;
  start(): void;
  stop(): void;
  readonly since: string | undefined;
}

export function createChangePoller(deps: ChangePollerDeps): ChangePoller {
  const log = deps.log ?? { info: (m: string) => console.info(m), warn: (m: string) => console.warn(m) };
  const setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let since: string | undefined;
  let failing: 'feed' | 'revalidate' | null = null;
  let timer: unknown = null;
  let running = false;

  const fail = (stage: 'feed' | 'revalidate', error: unknown) => {
    if (failing === stage) return;
    failing = stage;
    const reason = error instanceof Error ? error.message : String(error);
    const what = stage === 'feed' ? 'catalog change feed unavailable' : 'cache revalidation failed';
    log.warn(`[catalog-changes] ${what} (${reason}); retrying every ${deps.intervalMs} ms`);
  };

  async function pollOnce(): Promise<boolean> {
    let page: ChangeFeedPage;
    try {
      page = await deps.fetchChanges(since);
    } catch (error) {
      fail('feed', error);
      return false;
    }
    const tags = since === undefined ? [CATALOG_TAG, HOME_TAG] : tagsForChanges(page.changes);
    try {
      if (tags.length) await deps.revalidate(tags);
    } catch (error) {
      fail('revalidate', error);
      return false;
    }
    if (failing) log.info('[catalog-changes] change feed and revalidation working again');
    failing = null;
    since = page.until;
    return true;
  }

  function schedule() {
    if (!running) return;
    const handle = setTimer(() => {
      void pollOnce().finally(schedule);
    }, deps.intervalMs);
    // The poller never keeps a process alive on its own.
    handle.unref?.();
    timer = handle;
  }

  return {
    pollOnce,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    get since() {
      return since;
    },
  };
}
