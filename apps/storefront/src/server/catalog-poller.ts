import { CATALOG_TAG, HOME_TAG, tagsForChanges, type CatalogChange } from './catalog-keys';

/**
 * The loop behind catalog-changes.ts, free of Next and of the network so it is unit-tested:
 * ask the change feed (catalog.changesSince) what changed after the last cursor, expire the
 * matching cache tags, repeat.
 *
 * - The first successful poll of a process (no cursor yet: the feed answers only the cursor to
 *   start from) expires `catalog` and `home`: the data cache lives on disk, so answers cached by
 *   an earlier process may predate changes made while this one was down.
 * - The cursor only advances once the tags are expired, so a failed revalidation is retried with
 *   the same changes. A full page (hasMore) is followed by the next one right away.
 * - A failing feed or revalidation is logged once (and once more when it recovers), never thrown:
 *   the storefront keeps serving (cached pages then expire by age, CATALOG_REVALIDATE_SECONDS).
 */

const MAX_PAGES_PER_POLL = 10;

export interface ChangeFeedPage {
  changes: CatalogChange[];
  /** Opaque position to pass next time. */
  cursor: string;
  /** The page was full: more changes wait behind `cursor`. */
  hasMore: boolean;
}

export interface ChangePollerDeps {
  fetchChanges(cursor: string | undefined): Promise<ChangeFeedPage>;
  revalidate(tags: string[]): Promise<void>;
  intervalMs: number;
  log?: { info(message: string): void; warn(message: string): void };
  /** Timer hooks (tests pass fakes). */
  setTimer?: (callback: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

export interface ChangePoller {
  /** One poll (following full pages); resolves true when the feed was read and the tags expired. */
  pollOnce(): Promise<boolean>;
  start(): void;
  stop(): void;
  readonly cursor: string | undefined;
}

export function createChangePoller(deps: ChangePollerDeps): ChangePoller {
  const log = deps.log ?? { info: (m: string) => console.info(m), warn: (m: string) => console.warn(m) };
  const setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let cursor: string | undefined;
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

  async function pollPage(): Promise<ChangeFeedPage | null> {
    let page: ChangeFeedPage;
    try {
      page = await deps.fetchChanges(cursor);
    } catch (error) {
      fail('feed', error);
      return null;
    }
    const tags = cursor === undefined ? [CATALOG_TAG, HOME_TAG] : tagsForChanges(page.changes);
    try {
      if (tags.length) await deps.revalidate(tags);
    } catch (error) {
      fail('revalidate', error);
      return null;
    }
    if (failing) log.info('[catalog-changes] change feed and revalidation working again');
    failing = null;
    cursor = page.cursor;
    return page;
  }

  async function pollOnce(): Promise<boolean> {
    // A burst of changes (e.g. an import) is drained in a few pages, not one page per interval.
    for (let round = 0; round < MAX_PAGES_PER_POLL; round += 1) {
      const page = await pollPage();
      if (!page) return false;
      if (!page.hasMore) break;
    }
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
    get cursor() {
      return cursor;
    },
  };
}
