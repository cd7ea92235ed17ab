import { AppstoreOutlined, DownOutlined, UpOutlined } from '@ant-design/icons';
import { LockOutlined, WarningOutlined } from '@ant-design/icons';
import { Switch, Tooltip } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { layerKeys } from '../dashboard/dashboard-layers.ts';
import type { LayerKey } from '../map/layer-definition.ts';
import { riskIconDataUrl } from '../map/map-images.ts';
import {
  householdClasses,
  householdTarget,
  majorCategoryCodes,
  majorCategoryColours,
  riskLevels,
  territoryColours,
} from '../map/map-palette.ts';

const layerSwatches: Record<LayerKey, string> = {
  communities: territoryColours.community,
  grids: householdClasses[2]!.colour,
  households: territoryColours.householdCluster,
  incidents: majorCategoryColours['04']!,
  riskSources: '#e03131',
};

/** Layer switches with the legend of whatever is switched on, in one compact card over the map. */
export function LayerPanel(props: {
  visible: Record<LayerKey, boolean>;
  /** Layers the viewer may not load: shown, but off and explained. */
  locked: Set<LayerKey>;
  failures: Partial<Record<LayerKey, string>>;
  counts: Partial<Record<LayerKey, number>>;
  onToggle: (key: LayerKey, visible: boolean) => void;
  /** Start folded (narrow screens), so the map stays visible. */
  compact: boolean;
}) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(!props.compact);
  useEffect(() => setExpanded(!props.compact), [props.compact]);
  const riskIcons = useMemo(() => Object.fromEntries(riskLevels.map((level) => [level, riskIconDataUrl(level)])), []);
  return (
    <div className={`layer-panel ${expanded ? '' : 'layer-panel-folded'}`} data-testid="layer-panel">
      <button type="button" className="layer-panel-toggle" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
        <AppstoreOutlined /> <span>{t('layers.title')}</span> {expanded ? <UpOutlined /> : <DownOutlined />}
      </button>
      {expanded && (
      <>
      {layerKeys.map((key) => {
        const locked = props.locked.has(key);
        const row = (
          <label className={`layer-row ${locked ? 'layer-row-locked' : ''}`} key={key}>
            <Switch size="small" checked={props.visible[key] && !locked} disabled={locked}
              onChange={(checked) => props.onToggle(key, checked)} data-layer={key} />
            <span className="swatch" style={{ background: layerSwatches[key] }} />
            <span className="layer-name">{t(`layers.${key}`)}</span>
            {locked ? <LockOutlined className="muted" />
              : props.failures[key] ? <Tooltip title={props.failures[key]}><WarningOutlined className="warn-value" /></Tooltip>
              : props.counts[key] !== undefined && <span className="muted layer-count">{props.counts[key]}</span>}
          </label>
        );
        return locked ? <Tooltip key={key} title={t('session.signInToSee')} placement="right">{row}</Tooltip> : row;
      })}

      <div className="legend">
        <div className="layer-panel-title">{t('legend.title')}</div>
        {props.visible.grids && (
          <div className="legend-section">
            <div className="legend-heading">{t('legend.gridHouseholds')}</div>
            {householdClasses.map((householdClass) => (
              <div className="legend-row" key={householdClass.from}>
                <span className="legend-box" style={{ background: householdClass.colour, borderColor: territoryColours.gridOutline }} />
                <span>
                  {householdClass.to === null
                    ? t('legend.above', { from: householdClass.from })
                    : householdClass.from === 0
                      ? t('legend.underTarget', householdTarget)
                      : t('legend.range', { from: householdClass.from, to: householdClass.to })}
                </span>
                {householdClass.overTarget && <span className="legend-flag">{t('legend.overLimit')}</span>}
              </div>
            ))}
            <div className="legend-row">
              <span className="legend-box legend-vacant" />
              <span>{t('legend.vacant')}</span>
            </div>
          </div>
        )}
        {props.visible.communities && (
          <div className="legend-row">
            <span className="legend-line" style={{ background: territoryColours.community }} />
            <span>{t('legend.community')}</span>
          </div>
        )}
        {props.visible.households && !props.locked.has('households') && (
          <div className="legend-row">
            <span className="legend-dot legend-cluster" style={{ background: territoryColours.householdCluster }}>
              12
            </span>
            <span>{t('legend.householdCluster')}</span>
          </div>
        )}
        {props.visible.incidents && !props.locked.has('incidents') && (
          <div className="legend-section">
            <div className="legend-grid">
              {majorCategoryCodes.map((code) => (
                <div className="legend-row" key={code}>
                  <span className="legend-dot" style={{ background: majorCategoryColours[code] }} />
                  <span>{t(`majorCategory.${code}`)}</span>
                </div>
              ))}
            </div>
            <div className="legend-row">
              <span className="legend-dot legend-recent" />
              <span>{t('legend.incidentRecent')}</span>
            </div>
          </div>
        )}
        {props.visible.riskSources && !props.locked.has('riskSources') && (
          <div className="legend-section">
            <div className="legend-heading">{t('legend.riskLevel')}</div>
            <div className="legend-grid">
              {riskLevels.map((level) => (
                <div className="legend-row" key={level}>
                  <img className="legend-icon" src={riskIcons[level]} alt="" />
                  <span>{t(`riskLevel.${level}`)}</span>
                </div>
              ))}
            </div>
          </div>
        )}
      </div>
      </>
      )}
    </div>
  );
}
