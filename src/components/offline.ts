/**
 * Registers the report's service worker (scripts/service-worker.mjs, Workbox) so that the page and
 * its reruns work offline after a first visit, and says so when a new version of the report took
 * over. Production builds only: the dev server has no sw.js.
 */
import { Workbox } from 'workbox-window';

function note(text: string): void {
  const notice = document.createElement('p');
  notice.className = 'link-notice';
  notice.dataset.role = 'update-notice';
  notice.setAttribute('role', 'status');
  notice.textContent = text;
  (document.querySelector('main') ?? document.body).prepend(notice);
}

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const base = import.meta.env.BASE_URL.endsWith('/')
    ? import.meta.env.BASE_URL
    : `${import.meta.env.BASE_URL}/`;
  const worker = new Workbox(`${base}sw.js`, { scope: base });
  worker.addEventListener('controlling', (event) => {
    if (event.isUpdate) {
      // the page came from the network (pages are network first); the offline copy is new too
      note(
        'The report was updated since your last visit: you are reading the new version, and the copy kept for offline reading is the new one too.',
      );
    } else {
      // a first visit: the page itself came before the worker, so fetch it once through the
      // worker to keep it for offline reading
      fetch(location.pathname).catch(() => undefined);
    }
  });
  worker.register().catch(() => undefined);
}
