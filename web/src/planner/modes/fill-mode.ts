import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { EditorModeDefinition } from '../editor-mode.ts';

/** Fill: draw a polygon over an uncovered part of a community; it becomes a new grid or joins the grid named. */
export const fillMode: EditorModeDefinition = {
  name: 'fill',
  shortcut: 'F',
  drawing: 'polygon',
  picks: 'nothing',
  explicitPreview: false,
  buildRequest(input, context) {
    if (input.drawn?.type !== 'Polygon') return null;
    const inside = pointOnFeature(input.drawn);
    const community = context.communities.features.find((feature) => booleanPointInPolygon(inside, feature.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon));
    if (!community) return { problem: 'planner.problem.fillOutsideCommunities' };
    return {
      request: {
        operation: 'fill',
        body: {
          communityId: community.properties.id,
          geometry: input.drawn,
          ...(input.partnerVersionId ? { intoVersionId: input.partnerVersionId } : {}),
        },
      },
    };
  },
};
