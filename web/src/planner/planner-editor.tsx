import {
  AimOutlined, BlockOutlined, BorderOuterOutlined, DragOutlined, MergeCellsOutlined, RedoOutlined, ScissorOutlined, SelectOutlined, UndoOutlined,
} from '@ant-design/icons';
import { kinks } from '@turf/turf';
import { Alert, Button, Select, Spin, Tooltip } from 'antd';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from '../api/collection.ts';
import type { CommunityGridFigures, GridEditResult, GridFigures } from '../../../contract/grid-edits.ts';
import { conflictDetails, gridEditingApi, rejectedGeometry, type GridEditRequest } from '../api/grid-editing-api.ts';
import type { PlanDetail } from '../../../contract/plans.ts';
import { plansApi } from '../api/plans-api.ts';
import { CommunityGridTable } from './community-grid-table.tsx';
import { emptyInput, editorModeNames, type EditorInput, type EditorModeName } from './editor-mode.ts';
import { editorModes, modeForShortcut } from './editor-modes.ts';
import { clearPlannerLayers, installPlannerLayers, removePlannerLayers, showOnPlannerLayer } from './planner-map-layers.ts';
import { PreviewCard } from './preview-card.tsx';
import { SnappingCandidates } from './snapping-candidates.ts';
import { useTerraDraw, type TerraDrawModeName } from './use-terra-draw.ts';
import './planner-editor.css';
import { asBox } from '../map/tuples.ts';

const modeIcons: Record<EditorModeName, React.ReactNode> = {
  select: <SelectOutlined />,
  split: <ScissorOutlined />,
  merge: <MergeCellsOutlined />,
  reshape: <DragOutlined />,
  fill: <BorderOuterOutlined />,
  moveBlock: <BlockOutlined />,
};

const terraDrawModeOf: Record<EditorModeDefinitionDrawing, TerraDrawModeName> = {
  linestring: 'linestring',
  polygon: 'polygon',
  outline: 'select',
  none: 'static',
};
type EditorModeDefinitionDrawing = (typeof editorModes)[EditorModeName]['drawing'];

/** Where the editor is between drawing and saving. */
type Phase =
  | { kind: 'input' }
  | { kind: 'problem'; key: string }
  | { kind: 'previewing' }
  | { kind: 'preview'; request: GridEditRequest; result: GridEditResult }
  | { kind: 'committing'; request: GridEditRequest; result: GridEditResult }
  | { kind: 'rejected'; message: string }
  | { kind: 'conflict'; count: number }
  | { kind: 'failed'; message: string };

interface HistoryEntry {
  editId: number;
  operation: string;
  communityId: number;
}

const asFeature = (geometry: GeoJSON.Geometry, properties: Record<string, unknown> = {}): GeoJSON.Feature => ({ type: 'Feature', geometry, properties });

function boundsOf(geometry: GeoJSON.Geometry): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      bounds[0] = Math.min(bounds[0], value[0] as number);
      bounds[1] = Math.min(bounds[1], value[1] as number);
      bounds[2] = Math.max(bounds[2], value[0] as number);
      bounds[3] = Math.max(bounds[3], value[1] as number);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return bounds;
}

/** The largest polygon of a grid, as terra-draw edits one polygon at a time. */
function outlineOf(geometry: GeoJSON.MultiPolygon | GeoJSON.Polygon): GeoJSON.Polygon {
  if (geometry.type === 'Polygon') return geometry;
  const largest = [...geometry.coordinates].sort((a, b) => (b[0]?.length ?? 0) - (a[0]?.length ?? 0))[0]!;
  return { type: 'Polygon', coordinates: largest };
}

export interface PlannerEditorProps {
  map: MapLibreMap | null;
  grids: Collection<GridProperties>;
  communities: Collection<CommunityProperties>;
  /** Hidden while a grid's card is open; the editor keeps its session (undo stack) meanwhile. */
  hidden: boolean;
  /** True while map clicks belong to the editor, so the app does not open cards for them. */
  onPickingChange: (picking: boolean) => void;
  /** After a write: reload the grids layer (or the open plan). */
  onLayoutChanged: () => void;
  /** The draft plan being edited: edits go into it, figures and undo are the plan's. */
  plan: PlanDetail | null;
  /** Above the toolbar: the plan switcher and the plan's actions. */
  planBar?: React.ReactNode;
}

/**
 * The planner's editor: a mode toolbar (one module per mode, see editor-modes.ts), terra-draw with
 * snapping, a server preview before every write, an undo/redo stack of the session, and the
 * sortable figures of every grid of the community.
 */
export function PlannerEditor({ map, grids, communities, hidden, onPickingChange, onLayoutChanged, plan, planBar }: PlannerEditorProps) {
  const planId = plan?.plan.id ?? null;
  const { t } = useTranslation();
  const [modeName, setModeName] = useState<EditorModeName>('select');
  const [input, setInput] = useState<EditorInput>(emptyInput);
  const [phase, setPhase] = useState<Phase>({ kind: 'input' });
  const [history, setHistory] = useState<{ undo: HistoryEntry[]; redo: HistoryEntry[] }>({ undo: [], redo: [] });
  const [historyBusy, setHistoryBusy] = useState(false);
  const [communityId, setCommunityId] = useState(() => communities.features[0]?.properties.id ?? 1);
  const [figures, setFigures] = useState<CommunityGridFigures | null>(null);
  const [figuresLoading, setFiguresLoading] = useState(false);
  const [figuresVersion, setFiguresVersion] = useState(0);
  /** The last thing saved, undone or redone, said in the panel. */
  const [notice, setNotice] = useState<string | null>(null);
  const mode = editorModes[modeName];
  const context = useMemo(() => ({ grids, communities }), [grids, communities]);
  const gridsById = useMemo(() => new Map(grids.features.map((feature) => [feature.properties.id, feature])), [grids]);

  // ─── snapping candidates: grid outlines, road centre lines, building outlines ───
  const [snapping, setSnapping] = useState<SnappingCandidates | null>(null);
  const [basemapLines, setBasemapLines] = useState<GeoJSON.FeatureCollection[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([gridEditingApi.basemapLayer('road', abort.signal), gridEditingApi.basemapLayer('buildings', abort.signal)]).then(
      setBasemapLines,
      () => undefined, // snapping then uses grid edges only
    );
    return () => abort.abort();
  }, []);
  useEffect(() => {
    if (!map) return;
    const candidates = new SnappingCandidates(map);
    const refresh = () => candidates.refresh();
    map.on('moveend', refresh);
    setSnapping(candidates);
    return () => {
      map.off('moveend', refresh);
    };
  }, [map]);
  useEffect(() => {
    snapping?.setSources([grids as unknown as GeoJSON.FeatureCollection, ...basemapLines]);
  }, [snapping, grids, basemapLines]);

  // ─── map overlays ───
  useEffect(() => {
    if (!map) return;
    installPlannerLayers(map);
    return () => {
      if (map.getStyle()) removePlannerLayers(map);
    };
  }, [map]);

  const onFinishDrawing = useCallback((geometry: GeoJSON.LineString | GeoJSON.Polygon) => {
    if (geometry.type === 'Polygon' && kinks(geometry).features.length > 0) {
      setPhase({ kind: 'problem', key: 'planner.problem.selfIntersecting' });
      return;
    }
    setInput((current) => ({ ...current, drawn: geometry }));
  }, []);
  const draw = useTerraDraw(map, snapping, onFinishDrawing);

  const resetInput = useCallback(() => {
    setInput(emptyInput);
    setPhase({ kind: 'input' });
    if (map) clearPlannerLayers(map);
    try {
      draw?.clear();
    } catch {
      // not started yet
    }
  }, [draw, map]);

  const switchMode = useCallback((next: EditorModeName) => {
    setModeName(next);
    setNotice(null);
    resetInput();
  }, [resetInput]);

  useEffect(() => {
    if (!draw) return;
    draw.setMode(terraDrawModeOf[mode.drawing]);
  }, [draw, mode]);

  useEffect(() => {
    onPickingChange(!hidden && modeName !== 'select');
  }, [hidden, modeName, onPickingChange]);
  useEffect(() => () => onPickingChange(false), [onPickingChange]);

  // ─── figures of the community: live from grid-figures, or the plan's from its sandbox ───
  const planFigures = useMemo((): CommunityGridFigures | null => {
    if (!plan) return null;
    const community = plan.communities.find((candidate) => candidate.communityId === communityId);
    if (!community) return null;
    return {
      community,
      grids: plan.grids.filter((grid) => grid.communityId === communityId),
      policy: figures?.policy ?? { gridHouseholdsMin: 300, gridHouseholdsMax: 500 },
    };
  }, [plan, communityId, figures]);
  useEffect(() => {
    if (plan && !plan.communities.some((community) => community.communityId === communityId)) {
      setCommunityId(plan.communities[0]!.communityId);
    }
  }, [plan, communityId]);
  useEffect(() => {
    const abort = new AbortController();
    setFiguresLoading(true);
    gridEditingApi.communityGridFigures(communityId, abort.signal).then(
      (answer) => { setFigures(answer); setFiguresLoading(false); },
      () => { if (!abort.signal.aborted) setFiguresLoading(false); },
    );
    return () => abort.abort();
  }, [communityId, figuresVersion, grids]); // the layout changed (a publication, a reload): figures again

  // ─── picked grids and reshape outline on the map ───
  useEffect(() => {
    if (!map || !map.getSource('planner-picked')) return;
    const picked = input.pickedGrids.flatMap((grid) => {
      const feature = gridsById.get(grid.id);
      return feature ? [asFeature(feature.geometry)] : [];
    });
    // the block to move is outlined with its grid
    if (input.pickedBlock && modeName === 'moveBlock') picked.push(asFeature(input.pickedBlock.geometry));
    showOnPlannerLayer(map, 'picked', modeName === 'reshape' ? [] : picked);
  }, [map, input.pickedGrids, input.pickedBlock, gridsById, modeName]);

  // ─── map clicks in the click-based modes ───
  const gridAt = useCallback((event: MapMouseEvent): GridProperties | null => {
    if (!map || !map.getLayer('grids-fill')) return null;
    const feature = map.queryRenderedFeatures(event.point, { layers: ['grids-fill'] })[0];
    return feature?.id !== undefined ? (gridsById.get(Number(feature.id))?.properties ?? null) : null;
  }, [map, gridsById]);

  useEffect(() => {
    if (!map || hidden || mode.picks === 'nothing') return;
    const onClick = (event: MapMouseEvent) => {
      if (phase.kind === 'preview' || phase.kind === 'previewing' || phase.kind === 'committing') return;
      const grid = gridAt(event);
      if (mode.picks === 'grids') {
        if (!grid) return;
        setInput((current) => ({
          ...current,
          pickedGrids: current.pickedGrids.some((picked) => picked.id === grid.id)
            ? current.pickedGrids.filter((picked) => picked.id !== grid.id)
            : [...current.pickedGrids, grid],
        }));
      } else if (mode.picks === 'one-grid') {
        if (!grid || input.pickedGrids.length > 0) return;
        const feature = gridsById.get(grid.id);
        if (!feature || !draw) return;
        draw.clear();
        const [result] = draw.addFeatures([{ type: 'Feature', geometry: outlineOf(feature.geometry as GeoJSON.MultiPolygon), properties: { mode: 'polygon' } }]);
        if (result?.valid && result.id !== undefined) draw.selectFeature(result.id);
        setInput((current) => ({ ...current, pickedGrids: [grid] }));
      } else if (mode.picks === 'block-then-grid') {
        if (!input.pickedBlock) {
          const block = map.getLayer('block') ? map.queryRenderedFeatures(event.point, { layers: ['block'] })[0] : undefined;
          if (!block || block.id === undefined || !grid) {
            setPhase({ kind: 'problem', key: 'planner.problem.noBlockHere' });
            return;
          }
          setInput((current) => ({ ...current, pickedBlock: { id: Number(block.id), name: (block.properties?.name as string | null) ?? null, geometry: block.geometry }, pickedGrids: [grid] }));
          setPhase({ kind: 'input' });
        } else if (grid && grid.id !== input.pickedGrids[0]?.id) {
          setInput((current) => ({ ...current, pickedGrids: [...current.pickedGrids.slice(0, 1), grid] }));
        }
      }
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map, hidden, mode, gridAt, input.pickedBlock, input.pickedGrids, gridsById, draw, phase.kind]);

  // ─── preview ───
  const showPreview = useCallback((result: GridEditResult) => {
    if (!map) return;
    const removedIds = new Set([...result.before.map((grid) => grid.gridId), ...result.removedGrids.map((grid) => grid.gridId)]);
    showOnPlannerLayer(map, 'before', [...removedIds].flatMap((id) => {
      const feature = gridsById.get(id);
      return feature ? [asFeature(feature.geometry)] : [];
    }));
    showOnPlannerLayer(map, 'picked', []);
    showOnPlannerLayer(map, 'after', result.grids.flatMap((grid, index) => (grid.geometry ? [asFeature(grid.geometry, { index, households: grid.households })] : [])));
    showOnPlannerLayer(map, 'rejected', []);
  }, [map, gridsById]);

  const failWith = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      setPhase({ kind: 'conflict', count: conflictDetails(error).length });
    } else if (error instanceof ApiError && (error.status === 422 || error.status === 400)) {
      const geometry = error.status === 422 ? rejectedGeometry(error) : null;
      if (map) {
        showOnPlannerLayer(map, 'after', []);
        showOnPlannerLayer(map, 'before', []);
        showOnPlannerLayer(map, 'rejected', geometry ? [asFeature(geometry)] : []);
      }
      setPhase({ kind: 'rejected', message: error.message });
    } else {
      setPhase({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }, [map]);

  const runPreview = useCallback(async (currentInput: EditorInput) => {
    let usedInput = currentInput;
    if (mode.drawing === 'outline' && draw) {
      const outline = draw.getSnapshot().find((feature) => feature.geometry.type === 'Polygon');
      usedInput = { ...currentInput, drawn: (outline?.geometry as GeoJSON.Polygon | undefined) ?? null };
    }
    const built = mode.buildRequest(usedInput, context);
    if (!built) return;
    if ('problem' in built) {
      setPhase({ kind: 'problem', key: built.problem });
      return;
    }
    setPhase({ kind: 'previewing' });
    try {
      const result = await gridEditingApi.preview(built.request, planId);
      showPreview(result);
      setPhase({ kind: 'preview', request: built.request, result });
    } catch (error) {
      failWith(error);
    }
  }, [mode, draw, context, showPreview, failWith, planId]);

  // a finished drawing or a completed set of clicks previews at once where the mode says so
  useEffect(() => {
    if (mode.explicitPreview || phase.kind !== 'input' && phase.kind !== 'problem') return;
    const built = mode.buildRequest(input, context);
    if (built) void runPreview(input);
  }, [input]); // eslint-disable-line react-hooks/exhaustive-deps

  const confirm = useCallback(async () => {
    if (phase.kind !== 'preview') return;
    setPhase({ kind: 'committing', request: phase.request, result: phase.result });
    try {
      const result = await gridEditingApi.commit(phase.request, planId);
      // a plan keeps its own undo (its steps); the session stack is the live editor's
      if (planId === null) {
        setHistory((current) => ({
          undo: [...current.undo, { editId: result.editId!, operation: result.operation, communityId: result.communityId }],
          redo: [],
        }));
      }
      setNotice(t('planner.committed', { operation: t(`planner.operations.${result.operation}`) }));
      setCommunityId(result.communityId);
      setFiguresVersion((version) => version + 1);
      resetInput();
      onLayoutChanged();
    } catch (error) {
      failWith(error);
    }
  }, [phase, t, resetInput, onLayoutChanged, failWith, planId]);

  const stepHistory = useCallback(async (direction: 'undo' | 'redo') => {
    if (planId !== null) {
      if (direction === 'redo' || !plan?.canUndo || historyBusy) return;
      setHistoryBusy(true);
      resetInput();
      try {
        await plansApi.undo(planId);
        setNotice(t('planner.undone'));
        onLayoutChanged();
      } catch (error) {
        failWith(error);
      } finally {
        setHistoryBusy(false);
      }
      return;
    }
    const stack = history[direction];
    const entry = stack[stack.length - 1];
    if (!entry || historyBusy) return;
    setHistoryBusy(true);
    resetInput();
    try {
      const result = await gridEditingApi.undo(entry.editId);
      const inverse: HistoryEntry = { editId: result.editId!, operation: entry.operation, communityId: result.communityId };
      setHistory((current) => direction === 'undo'
        ? { undo: current.undo.slice(0, -1), redo: [...current.redo, inverse] }
        : { undo: [...current.undo, inverse], redo: current.redo.slice(0, -1) });
      setNotice(t(direction === 'undo' ? 'planner.undone' : 'planner.redone'));
      setCommunityId(result.communityId);
      setFiguresVersion((version) => version + 1);
      onLayoutChanged();
    } catch (error) {
      failWith(error);
    } finally {
      setHistoryBusy(false);
    }
  }, [history, historyBusy, resetInput, t, onLayoutChanged, failWith, planId, plan]);

  // ─── keyboard ───
  useEffect(() => {
    if (hidden) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        void stepHistory(event.shiftKey ? 'redo' : 'undo');
        return;
      }
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        void stepHistory('redo');
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape') {
        resetInput();
        return;
      }
      if (event.key === 'Enter') {
        if (phase.kind === 'preview') void confirm();
        else if (mode.explicitPreview) void runPreview(input);
        return;
      }
      const next = modeForShortcut(event.key);
      if (next) switchMode(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hidden, stepHistory, resetInput, phase, confirm, mode, runPreview, input, switchMode]);

  const zoomToGrid = useCallback((grid: GridFigures) => {
    if (!map) return;
    const bounds = grid.bbox ? asBox(grid.bbox) : (gridsById.get(grid.gridId) ? boundsOf(gridsById.get(grid.gridId)!.geometry) : null);
    if (bounds) map.fitBounds(bounds, { padding: 60, maxZoom: 16.5, duration: 600 });
  }, [map, gridsById]);

  const communityGrids = useMemo(
    () => grids.features.filter((feature) => feature.properties.communityId === (input.pickedGrids[0]?.communityId ?? communityId)),
    [grids, input.pickedGrids, communityId],
  );

  const busy = phase.kind === 'previewing' || phase.kind === 'committing';
  return (
    <div className="planner-editor" hidden={hidden} data-testid="planner-editor" data-mode={modeName} data-phase={phase.kind}
      data-undo-count={history.undo.length} data-redo-count={history.redo.length} data-plan-id={planId ?? ''}>
      {planBar}
      <div className="planner-toolbar" role="toolbar" aria-label={t('planner.title')}>
        {editorModeNames.map((name) => (
          <Tooltip key={name} title={t('planner.shortcut', { key: editorModes[name].shortcut })}>
            <Button size="small" type={name === modeName ? 'primary' : 'default'} icon={modeIcons[name]} onClick={() => switchMode(name)}
              data-testid={`planner-mode-${name}`} aria-pressed={name === modeName}>
              {t(`planner.modes.${name}`)} <kbd>{editorModes[name].shortcut}</kbd>
            </Button>
          </Tooltip>
        ))}
        <span className="planner-toolbar-gap" />
        <Tooltip title={t('planner.undoTitle')}>
          <Button size="small" icon={<UndoOutlined />} disabled={(plan ? !plan.canUndo : history.undo.length === 0) || historyBusy} loading={historyBusy}
            onClick={() => void stepHistory('undo')} data-testid="planner-undo">{t('planner.undo')}</Button>
        </Tooltip>
        <Tooltip title={t('planner.redoTitle')}>
          <Button size="small" icon={<RedoOutlined />} disabled={plan !== null || history.redo.length === 0 || historyBusy}
            onClick={() => void stepHistory('redo')} data-testid="planner-redo">{t('planner.redo')}</Button>
        </Tooltip>
      </div>
      <p className="planner-hint muted"><AimOutlined /> {t(`planner.hints.${modeName}`)}</p>

      {input.pickedGrids.length > 0 && phase.kind !== 'preview' && (
        <p className="planner-picked">{t('planner.picked', { names: input.pickedGrids.map((grid) => grid.shortCode).join('、') })}
          {input.pickedBlock && <> · {t('planner.pickedBlock', { name: input.pickedBlock.name ?? input.pickedBlock.id })}</>}</p>
      )}
      {(modeName === 'reshape' || modeName === 'fill') && phase.kind !== 'preview' && (
        <label className="planner-partner">
          <span>{modeName === 'reshape' ? t('planner.receiver') : t('planner.fillInto')}</span>
          <Select size="small" allowClear style={{ minWidth: 180 }} value={input.partnerVersionId ?? undefined}
            placeholder={modeName === 'reshape' ? t('planner.receiverNone') : t('planner.fillNewGrid')}
            onChange={(value?: number) => setInput((current) => ({ ...current, partnerVersionId: value ?? null }))}
            options={communityGrids.filter((feature) => feature.properties.id !== input.pickedGrids[0]?.id)
              .map((feature) => ({ value: feature.properties.versionId, label: `${feature.properties.shortCode} ${feature.properties.name}` }))} />
        </label>
      )}
      {mode.explicitPreview && phase.kind !== 'preview' && (
        <Button size="small" type="primary" ghost loading={phase.kind === 'previewing'} onClick={() => void runPreview(input)} data-testid="planner-preview-button">
          {t('planner.previewButton')}
        </Button>
      )}

      {notice && phase.kind === 'input' && (
        <Alert type="success" showIcon title={notice} data-testid="planner-notice" closable={{ onClose: () => setNotice(null) }} />
      )}
      {phase.kind === 'previewing' && <div className="panel-loading"><Spin /> <span className="muted">{t('planner.previewing')}</span></div>}
      {phase.kind === 'problem' && <Alert type="info" showIcon title={t(phase.key)} closable={{ onClose: () => setPhase({ kind: 'input' }) }} />}
      {phase.kind === 'rejected' && (
        <Alert type="error" showIcon title={t('planner.rejected')} description={phase.message} data-testid="planner-rejected"
          action={<Button size="small" onClick={resetInput}>{t('planner.cancel')}</Button>} />
      )}
      {phase.kind === 'conflict' && (
        <Alert type="warning" showIcon title={t('planner.conflict', { count: phase.count })} data-testid="planner-conflict"
          action={<Button size="small" type="primary" onClick={() => { resetInput(); onLayoutChanged(); setFiguresVersion((version) => version + 1); }}>{t('planner.reload')}</Button>} />
      )}
      {phase.kind === 'failed' && <Alert type="error" showIcon title={t('planner.failed', { message: phase.message })} closable={{ onClose: resetInput }} />}
      {(phase.kind === 'preview' || phase.kind === 'committing') && (
        <PreviewCard result={phase.result} busy={busy} onConfirm={() => void confirm()} onCancel={resetInput} />
      )}

      <CommunityGridTable communities={communities} communityId={communityId} onCommunityChange={setCommunityId}
        figures={planFigures ?? figures} loading={!plan && figuresLoading} onZoomToGrid={zoomToGrid}
        communityIds={plan ? plan.communities.map((community) => community.communityId) : undefined} />
    </div>
  );
}
