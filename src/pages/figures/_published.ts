/** Static paths for the download endpoints: one per published figure. */
import { publishedFigures } from '../../figures/published';
import type { FigureData } from '../../lib/figure-data';

export function publishedPaths(): { params: { id: string }; props: { data: FigureData } }[] {
  return Object.values(publishedFigures)
    .filter((data): data is FigureData => Boolean(data))
    .map((data) => ({ params: { id: data.figure }, props: { data } }));
}
