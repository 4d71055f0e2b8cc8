/**
 * Files whose sha256 the site publishes (MNIST assets, published networks), kept in the browser's
 * Cache API under that hash once a worker has fetched and verified them: the experiment worker and
 * its helpers share one download, and later reruns read them without the network. A key holds the
 * hash, so a file republished under the same name is never confused with the old one. Where the
 * Cache API is missing or refuses (an insecure context, storage off), nothing is kept and every
 * call fetches, as before.
 */

const CACHE = 'report-verified-files-v1';

/** The cache key of `url` with content `sha256`. */
const keyOf = (url: URL, sha256: string) => `${url.href}#sha256=${sha256}`;

async function open(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE);
  } catch {
    return null;
  }
}

/** The kept bytes of `url` with content `sha256`, or null. */
export async function keptBytes(url: URL, sha256: string): Promise<Uint8Array | null> {
  try {
    const hit = await (await open())?.match(keyOf(url, sha256));
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Keeps the bytes of `url`, verified by the caller to have content `sha256`. */
export async function keep(url: URL, sha256: string, bytes: Uint8Array): Promise<void> {
  try {
    await (await open())?.put(keyOf(url, sha256), new Response(bytes as BodyInit));
  } catch {
    // full or refused: not kept, nothing else changes
  }
}

/** Forgets a kept file that failed its check (so the next call fetches it again). */
export async function forget(url: URL, sha256: string): Promise<void> {
  try {
    await (await open())?.delete(keyOf(url, sha256));
  } catch {
    // nothing to forget
  }
}
