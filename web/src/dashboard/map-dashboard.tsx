import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import type { IncidentProperties } from '../../../contract/incidents.ts';
import type { RiskSourceProperties } from '../../../contract/risks.ts';
import { emptyCollection, layerEntry, type LayerKey } from '../map/layer-definition.ts';
import { communitiesLayer, communityTilesLayer } from '../map/layers/communities-layer.ts';
import { gridTilesLayer, gridsLayer } from '../map/layers/grids-layer.ts';
import { householdTileUrl, householdsLayer } from '../map/layers/households-layer.ts';
import { incidentsLayer } from '../map/layers/incidents-layer.ts';
import { riskSourcesLayer } from '../map/layers/risk-sources-layer.ts';
import { MapView, type FeatureReference, type MapHit } from '../map/map-view.tsx';
import { CommandOverview } from '../panels/command-overview.tsx';
import { GridDetail } from '../panels/grid-detail.tsx';
import { IncidentDetail } from '../panels/incident-detail.tsx';
import { LayerPanel } from '../panels/layer-panel.tsx';
import { RiskSourceDetail } from '../panels/risk-source-detail.tsx';
import { GridTable, TerritoryFigures } from '../panels/territory-overview.tsx';
import { Redirect, useLocation } from 'wouter';
import type { ViewProps } from '../app/route-table.ts';
import { mayLoadLayer, useSession } from '../app/session.tsx';
import { useNarrowScreen } from '../app/use-narrow-screen.ts';
import { useTerritoryData } from '../app/use-territory-data.ts';
import { defaultVisibleLayers, layerKeys, type DashboardView, type PlannerSubView } from './dashboard-layers.ts';

// deck.gl and ECharts load only when the command centre opens
const CommandCentre = lazy(() => import('../command-centre/command-centre.tsx'));
const CommandWall = lazy(() => import('../command-centre/command-wall.tsx'));
import { PlannerEditor } from '../planner/planner-editor.tsx';
import { planGridCollection } from '../api/plans-api.ts';
import { PlanBar } from '../plans/plan-bar.tsx';
import { PlanComparisonDrawer } from '../plans/plan-comparison.tsx';
import { hideLiveOutline, showLiveOutline } from '../plans/plan-map-overlay.ts';
import { usePlan } from '../plans/use-plan.ts';
import { AssignmentPanel } from '../assignment/assignment-panel.tsx';
import type { AssignmentGrid } from '../../../contract/workers.ts';
import { assignmentFeatures, assignmentLayer } from '../assignment/assignment-layer.ts';
import { PlannerSubViewSwitch } from '../assignment/planner-sub-view-switch.tsx';
import { TimeSlider } from '../assignment/time-slider.tsx';
import { useLayoutDate, usePastGrids } from '../assignment/use-layout-date.ts';
import { ExportMenu } from '../import/export-menu.tsx';

type Selection =
  | { kind: 'grid'; id: number }
  | { kind: 'incident'; incident: IncidentProperties }
  | { kind: 'riskSource'; riskSource: RiskSourceProperties };

function boundsOf(geometry: GeoJSON.Geometry): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as [number, number];
      bounds[0] = Math.min(bounds[0], lng);
      bounds[1] = Math.min(bounds[1], lat);
      bounds[2] = Math.max(bounds[2], lng);
      bounds[3] = Math.max(bounds[3], lat);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return bounds;
}

/**
 * The map dashboard: the planner's view (`#/planner`, `#/planner/assignment`) and the command
 * centre's (`#/command`, the wall at `#/command/wall`) share one map, so switching between them keeps it.
 * The editor, the assignment panel and the command centre (deck.gl, ECharts) load only when shown.
 */
export default function MapDashboard(props: ViewProps) {
  const { t } = useTranslation();
  const view = props.route.view as DashboardView;
  const wall = props.route.shell === 'wall';
  const [, navigate] = useLocation();
  const [visibleByView, setVisibleByView] = useState(defaultVisibleLayers);
  const visible = visibleByView[view];
  const { session, checked, openSignIn } = useSession();
  const allowed = useMemo(
    () => (checked ? (Object.fromEntries(layerKeys.map((key) => [key, mayLoadLayer(session, key)])) as Record<LayerKey, boolean>) : null),
    [checked, session],
  );
  const { data, error, reload } = useTerritoryData(allowed);
  // the time slider: grids as they were on a past day (null = now); the assignment sub-view of 规划
  const [layoutDate, setLayoutDate] = useLayoutDate();
  const pastGrids = usePastGrids(layoutDate);
  const plannerSubView: PlannerSubView = view === 'planner' && props.params.subView === 'assignment' ? 'assignment' : 'main';
  const setPlannerSubView = (next: PlannerSubView) => navigate(next === 'assignment' ? '/planner/assignment' : '/planner');
  const [assignmentGrids, setAssignmentGrids] = useState<AssignmentGrid[] | null>(null);
  const role = session?.user?.role ?? null;
  const assignmentReader = role === 'admin' || role === 'planner' || role === 'dispatcher';
  const assignmentOpen = view === 'planner' && plannerSubView === 'assignment' && assignmentReader && data !== null && !error;
  const [selection, setSelection] = useState<Selection | null>(null);
  const [focus, setFocus] = useState<{ bounds: [number, number, number, number]; key: number } | null>(null);
  const narrow = useNarrowScreen();
  const [panelOpen, setPanelOpen] = useState(!narrow);
  const [commandMap, setCommandMap] = useState<MapLibreMap | null>(null);
  const commandPicking = useRef(false);
  const onCommandTabLayers = useCallback(
    (layers: Partial<Record<LayerKey, boolean>>) => setVisibleByView((current) => ({ ...current, command: { ...current.command, ...layers } })),
    [],
  );
  const onCommandPickingChange = useCallback((picking: boolean) => {
    commandPicking.current = picking;
  }, []);
  // while a planner's editing tool takes map clicks, they do not open grid cards
  const editorPicking = useRef(false);
  const onEditorPickingChange = useCallback((picking: boolean) => {
    editorPicking.current = picking;
  }, []);

  // a draft plan open in the planner replaces the grids of its communities on the map
  const gridEditor = view === 'planner' && (session?.user?.role === 'planner' || session?.user?.role === 'admin');
  const { detail: planDetail, openPlan, reloadPlan } = usePlan();
  // plans are edited in the present, in the editing sub-view
  const plan = gridEditor && layoutDate === null && !assignmentOpen ? planDetail : null;
  const [comparing, setComparing] = useState(false);
  const shownGrids = useMemo(
    () => (layoutDate !== null ? (pastGrids.grids ?? data?.grids)
      : plan && data ? planGridCollection(plan, data.grids, data.communities) : data?.grids),
    [layoutDate, pastGrids.grids, plan, data],
  );
  const shownCommunities = useMemo(() => {
    if (!plan || !data) return data?.communities;
    const added = plan.communities.filter((community) => !data.communities.features.some((feature) => feature.properties.id === community.communityId));
    if (added.length === 0) return data.communities;
    return {
      ...data.communities,
      features: [
        ...data.communities.features,
        ...added.map((community) => ({
          type: 'Feature' as const, id: community.communityId, geometry: { type: 'MultiPolygon' as const, coordinates: [] },
          properties: { ...data.communities.features[0]!.properties, id: community.communityId, code: community.code, name: community.name },
        })),
      ],
    } as typeof data.communities;
  }, [plan, data]);
  useEffect(() => {
    if (!commandMap) return;
    if (!plan || !data) {
      hideLiveOutline(commandMap);
      return;
    }
    const covered = new Set(plan.communities.map((community) => community.communityId));
    showLiveOutline(commandMap, data.grids.features.filter((feature) => covered.has(feature.properties.communityId)) as GeoJSON.Feature[]);
  }, [commandMap, plan, data]);

  // The city view draws grids and communities from the layout's vector tiles; GeoJSON only where
  // the shapes themselves are needed in the page: a grid being edited or planned, a past day's
  // layout (tiles are of the present), the assignment view's status layer.
  const tileUrls = useMemo(() => {
    const url = (name: string) => data?.tiles?.layers.find((layer) => layer.name === name)?.url;
    const grids = url('grids');
    const communities = url('communities');
    const households = url('households');
    return {
      territory: grids && communities ? { grids: window.location.origin + grids, communities: window.location.origin + communities } : null,
      // with the data revision of this load: the server answers those clusters from memory
      households: households ? window.location.origin + households : householdTileUrl(),
    };
  }, [data]);
  const tiledTerritory = tileUrls.territory !== null && !gridEditor && layoutDate === null && !assignmentOpen;

  const entries = useMemo(
    () => [
      tiledTerritory && data
        ? layerEntry(gridTilesLayer, { tileUrl: tileUrls.territory!.grids, grids: data.grids }, visible.grids)
        : layerEntry(gridsLayer, shownGrids ?? (emptyCollection as never), visible.grids),
      layerEntry(assignmentLayer, data && assignmentGrids ? assignmentFeatures(data.grids, assignmentGrids) : (emptyCollection as never),
        visible.grids && assignmentOpen && layoutDate === null),
      tiledTerritory && data
        ? layerEntry(communityTilesLayer, { tileUrl: tileUrls.territory!.communities, communities: data.communities }, visible.communities)
        : layerEntry(communitiesLayer, data?.communities ?? (emptyCollection as never), visible.communities),
      layerEntry(householdsLayer, tileUrls.households, visible.households && Boolean(allowed?.households)),
      layerEntry(incidentsLayer, data?.incidents ?? (emptyCollection as never), visible.incidents && Boolean(allowed?.incidents)),
      layerEntry(riskSourcesLayer, data?.riskSources ?? (emptyCollection as never), visible.riskSources && Boolean(allowed?.riskSources)),
    ],
    [data, visible, allowed, shownGrids, assignmentGrids, assignmentOpen, layoutDate, tiledTerritory, tileUrls],
  );

  const gridsById = useMemo(
    () => new Map((data?.grids.features ?? []).map((feature) => [feature.properties.id, feature])),
    [data],
  );

  const select = useCallback((next: Selection | null) => {
    setSelection(next);
    if (next) setPanelOpen(true);
  }, []);

  const selectGrid = useCallback(
    (gridId: number) => {
      select({ kind: 'grid', id: gridId });
      const grid = gridsById.get(gridId);
      if (grid) setFocus({ bounds: boundsOf(grid.geometry), key: Date.now() });
    },
    [gridsById, select],
  );

  const onMapSelect = useCallback(
    (hit: MapHit | null) => {
      if (commandPicking.current) return; // the risk form is taking this click as a location
      if (editorPicking.current) return; // the grid editor is taking this click
      if (!hit || !data) return select(null);
      if (hit.layerKey === 'grids') return select({ kind: 'grid', id: Number(hit.id) });
      if (hit.layerKey === 'incidents') {
        const incident = data.incidents.features.find((feature) => feature.properties.id === Number(hit.id));
        if (incident) select({ kind: 'incident', incident: incident.properties });
      }
      if (hit.layerKey === 'riskSources') {
        const riskSource = data.riskSources.features.find((feature) => feature.properties.id === Number(hit.id));
        if (riskSource) select({ kind: 'riskSource', riskSource: riskSource.properties });
      }
    },
    [data, select],
  );

  const selected: FeatureReference | null =
    selection?.kind === 'grid' ? { sourceId: 'grids', id: selection.id }
    : selection?.kind === 'incident' ? { sourceId: 'incidents', id: selection.incident.id }
    : selection?.kind === 'riskSource' ? { sourceId: 'riskSources', id: selection.riskSource.id }
    : null;

  const toggleLayer = (key: LayerKey, on: boolean) =>
    setVisibleByView((current) => ({ ...current, [view]: { ...current[view], [key]: on } }));

  // a selection belongs to the view it was made in
  useEffect(() => setSelection(null), [view]);

  const counts: Partial<Record<LayerKey, number>> = {};
  if (data) {
    for (const key of layerKeys) {
      if (!allowed?.[key]) continue;
      // households come as tiles, never as a list: their count is the grids' figures added up
      counts[key] = key === 'households'
        ? data.grids.features.reduce((sum, grid) => sum + grid.properties.households, 0)
        : data[key].features.length;
    }
  }
  const locked = new Set(layerKeys.filter((key) => allowed && !allowed[key]));

  const closeDetail = () => setSelection(null);
  let panelContent: React.ReactNode;
  if (error) {
    panelContent = (
      <Alert type="error" showIcon title={t('app.loadFailed')} description={error}
        action={<Button size="small" onClick={reload}>{t('app.retry')}</Button>} />
    );
  } else if (!data) {
    panelContent = <div className="panel-loading"><Spin /> <span className="muted">{t('app.loading')}</span></div>;
  } else if (selection?.kind === 'grid') {
    panelContent = <GridDetail gridId={selection.id} onClose={closeDetail} showAssignments={assignmentReader} />;
  } else if (selection?.kind === 'incident') {
    const gridName = selection.incident.gridId !== null ? (gridsById.get(selection.incident.gridId)?.properties.name ?? null) : null;
    panelContent = <IncidentDetail incident={selection.incident} categories={data.categories} gridName={gridName} onClose={closeDetail} />;
  } else if (selection?.kind === 'riskSource') {
    panelContent = <RiskSourceDetail riskSource={selection.riskSource} onClose={closeDetail} />;
  } else {
    const gridTable = <GridTable grids={data.grids} selectedGridId={null} onSelectGrid={selectGrid} />;
    panelContent = (
      <div className="overview">
        <h2 className="view-title">{t(`views.${view}Title`)}
          {session?.user && (view === 'planner' || view === 'command') && (
            <span style={{ float: 'right' }}><ExportMenu datasets={view === 'planner' ? ['grids', 'communities', 'workers'] : ['incidents', 'risk-sources']} /></span>
          )}
        </h2>
        {view === 'planner' && (<><TerritoryFigures communities={data.communities} grids={data.grids} />{gridTable}</>)}
        {view === 'command' && !allowed?.incidents && (
          <CommandOverview signedIn={Boolean(allowed?.incidents)} onSignIn={openSignIn} incidents={data.incidents} riskSources={data.riskSources} categories={data.categories}
            onSelectIncident={(incident) => select({ kind: 'incident', incident })} />
        )}
      </div>
    );
  }

  // editing a layout is for the present: a past day is shown read-only
  const gridEditing = gridEditor && data !== null && !error && layoutDate === null && !assignmentOpen;
  if ((gridEditing || assignmentOpen) && !selection) panelContent = null;
  const commandLive = view === 'command' && Boolean(allowed?.incidents) && data !== null && !error;
  if (commandLive && !selection) panelContent = null;
  if (wall) {
    // the wall is for staff who see incidents; anyone else is sent to the command view and its sign-in
    if (checked && allowed && !allowed.incidents) return <Redirect to="/command" replace />;
    if (!commandLive) return <div className="panel-loading"><Spin /></div>;
    return (
      <Suspense fallback={<div className="panel-loading"><Spin /></div>}>
        <CommandWall entries={entries} data={data} />
      </Suspense>
    );
  }

  return (
        <main className="app-body">
          <aside className={`side-panel ${panelOpen ? 'side-panel-open' : 'side-panel-closed'}`} data-testid="side-panel"
            data-grid-count={data?.grids.features.length ?? 0}>
            {narrow && (
              <button type="button" className="sheet-handle" onClick={() => setPanelOpen(!panelOpen)}
                aria-label={panelOpen ? t('app.panelClose') : t('app.panelOpen')}>
                {panelOpen ? <DownOutlined /> : <UpOutlined />} {panelOpen ? t('app.panelClose') : t('app.panelOpen')}
              </button>
            )}
            <div className="side-panel-content">
              {view === 'planner' && assignmentReader && data && !selection && (
                <PlannerSubViewSwitch value={plannerSubView} onChange={setPlannerSubView} mayEdit={role === 'planner' || role === 'admin'} />
              )}
              {assignmentOpen && data && (
                <AssignmentPanel communities={data.communities} role={role} pastDate={layoutDate}
                  hidden={selection !== null} onSelectGrid={selectGrid} onLoaded={setAssignmentGrids} onChanged={reload} />
              )}
              {commandLive && data && (
                <Suspense fallback={<div className="panel-loading"><Spin /></div>}>
                  <CommandCentre map={commandMap} data={data} role={session?.user?.role ?? null}
                    hidden={selection !== null} onSelectIncident={(incident) => select({ kind: 'incident', incident })}
                    onPickingChange={onCommandPickingChange} onRiskSourcesChanged={reload} onTabLayers={onCommandTabLayers} />
                </Suspense>
              )}
              {gridEditing && data && (
                <PlannerEditor map={commandMap} grids={shownGrids ?? data.grids} communities={shownCommunities ?? data.communities}
                  hidden={selection !== null} onPickingChange={onEditorPickingChange}
                  onLayoutChanged={plan ? reloadPlan : reload} plan={plan}
                  planBar={<PlanBar communities={data.communities} plan={plan} onOpenPlan={openPlan}
                    onPlanChanged={reloadPlan} onLiveChanged={reload} onCompare={() => setComparing(true)} />} />
              )}
              {gridEditing && plan && (
                <PlanComparisonDrawer planId={plan.plan.id} planName={plan.plan.name} open={comparing} onClose={() => setComparing(false)} />
              )}
              {panelContent}
            </div>
          </aside>
          <section className="map-area">
            <MapView entries={entries} selected={selected} onSelect={onMapSelect} focus={focus} dataLoaded={data !== null}
              gridCount={shownGrids?.features.length ?? 0} onMapReady={setCommandMap} />
            {data && <TimeSlider date={layoutDate} onChange={setLayoutDate} loading={pastGrids.loading} error={pastGrids.error} />}
            {/* folded while editing or assigning, so the card does not cover the grids being worked on */}
            <LayerPanel visible={visible} locked={locked} failures={data?.layerFailures ?? {}} counts={counts} onToggle={toggleLayer} compact={narrow || gridEditing || assignmentOpen} />
          </section>
        </main>
  );
}

