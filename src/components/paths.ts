/** A path under the site's base URL (import.meta.env.BASE_URL), e.g. withBase('figures/fig4.csv'). */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL;
  return `${base.endsWith('/') ? base : `${base}/`}${path.replace(/^\//, '')}`;
}
