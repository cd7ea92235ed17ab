import { CaretRightOutlined, PauseOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Segmented, Select, Slider, Spin, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../contract/incidents.ts';
import { majorCategoryCodes, majorCategoryColours, riskLevelColours, riskLevels } from '../map/map-palette.ts';
import { formatDate } from '../panels/format.ts';
import type { HeatmapMode, RiskMode, TimeWindow } from './command-layers.ts';
import type { HeatmapSettings, useHeatmap } from './use-heatmap.ts';

export function HeatmapControls(props: {
  settings: HeatmapSettings;
  onChange: (next: HeatmapSettings) => void;
  heatmap: ReturnType<typeof useHeatmap>;
  categories: Category[];
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { settings, heatmap } = props;
  const change = (patch: Partial<HeatmapSettings>) => {
    if ('window' in patch || 'customRange' in patch) heatmap.stop();
    props.onChange({ ...settings, ...patch });
  };
  const name = (category: Category) => (english ? category.nameEn : category.nameZh);
  const tree = majorCategoryCodes.map((major) => {
    const majorCategory = props.categories.find((category) => category.code === major);
    return {
      value: major,
      title: majorCategory ? name(majorCategory) : t(`majorCategory.${major}`),
      selectable: false,
      children: props.categories.filter((category) => category.majorCode === major).map((category) => ({ value: category.code, title: name(category) })),
    };
  });
  const yearStart = heatmap.yearStart;
  const total = heatmap.filtered?.length ?? 0;

  return (
    <div className="heatmap-controls" data-testid="heatmap-controls" data-heatmap-points={total}>
      <div className="control-row">
        <span className="control-label">{t('command.heatmap.window')}</span>
        <Segmented<TimeWindow>
          size="small"
          value={settings.window}
          onChange={(value) => change({ window: value, customRange: value === 'custom' ? (settings.customRange ?? [heatmap.now - 90 * 86_400_000, heatmap.now]) : null })}
          options={(['24h', '7d', '30d', 'custom'] as const).map((value) => ({ value, label: t(`command.heatmap.windows.${value}`) }))}
        />
      </div>
      {settings.window === 'custom' && (
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          value={settings.customRange ? [dayjs(settings.customRange[0]), dayjs(settings.customRange[1])] : null}
          onChange={(range) => {
            if (range?.[0] && range[1]) change({ customRange: [range[0].startOf('day').valueOf(), range[1].endOf('day').valueOf()] });
          }}
          disabledDate={(date) => date.valueOf() > heatmap.now || date.valueOf() < heatmap.now - 790 * 86_400_000}
        />
      )}
      <div className="control-row">
        <span className="control-label">{t('command.heatmap.mode')}</span>
        <Segmented<HeatmapMode>
          size="small"
          value={settings.mode}
          onChange={(value) => change({ mode: value })}
          options={(['heatmap', 'hexagon', 'households', 'area', 'off'] as const).map((value) => ({ value, label: t(`command.heatmap.modes.${value}`) }))}
        />
      </div>
      <div className="class-chips">
        {majorCategoryCodes.map((code) => {
          const number = Number(code);
          const on = settings.majorClasses.length === 0 || settings.majorClasses.includes(number);
          const count = heatmap.filtered?.perMajorClass[number] ?? 0;
          return (
            <button
              type="button"
              key={code}
              className={`class-chip ${on ? 'class-chip-on' : ''}`}
              onClick={() => {
                const current = settings.majorClasses.length === 0 ? majorCategoryCodes.map(Number) : settings.majorClasses;
                const next = current.includes(number) ? current.filter((value) => value !== number) : [...current, number];
                change({ majorClasses: next.length === majorCategoryCodes.length ? [] : next, minorCategory: null });
              }}
            >
              <span className="swatch" style={{ background: majorCategoryColours[code] }} />
              {t(`majorCategory.${code}`)} <b>{count}</b>
            </button>
          );
        })}
      </div>
      <TreeSelect
        size="small"
        allowClear
        showSearch
        treeNodeFilterProp="title"
        placeholder={t('command.heatmap.minorCategory')}
        value={settings.minorCategory ?? undefined}
        onChange={(value?: string) => change({ minorCategory: value ?? null, majorClasses: [] })}
        treeData={tree}
        popupMatchSelectWidth={false}
        style={{ width: '100%' }}
      />
      <div className="playback">
        <Button
          size="small"
          type={heatmap.playback.playing ? 'default' : 'primary'}
          icon={heatmap.playback.playing ? <PauseOutlined /> : <CaretRightOutlined />}
          onClick={heatmap.playback.playing ? heatmap.pause : heatmap.play}
          aria-label={heatmap.playback.playing ? t('command.heatmap.pause') : t('command.heatmap.play')}
          data-testid="heatmap-play"
        >
          {t('command.heatmap.twelveMonths')}
        </Button>
        <Slider
          className="playback-slider"
          min={yearStart + 30 * 86_400_000}
          max={heatmap.now}
          step={86_400_000}
          value={heatmap.playback.cursor}
          onChange={(value: number) => heatmap.seek(value)}
          tooltip={{ formatter: (value) => (value ? formatDate(new Date(value).toISOString()) : '') }}
        />
      </div>
      <div className="window-summary muted" data-testid="heatmap-summary">
        {heatmap.loading ? <Spin size="small" /> : null}
        {t('command.heatmap.summary', { from: formatDate(new Date(heatmap.from).toISOString()), to: formatDate(new Date(heatmap.to).toISOString()), count: total })}
        {heatmap.failure ? <span className="alert-value"> {heatmap.failure}</span> : null}
      </div>
      <div className="control-row">
        <span className="control-label">{t('command.heatmap.risks')}</span>
        <Select<RiskMode>
          size="small"
          value={settings.riskMode}
          onChange={(value) => change({ riskMode: value })}
          options={(['off', 'levels', 'weighted'] as const).map((value) => ({ value, label: t(`command.heatmap.riskModes.${value}`) }))}
          style={{ minWidth: 150 }}
        />
      </div>
      {settings.riskMode !== 'off' && (
        <div className="level-chips">
          {riskLevels.map((level) => (
            <span className="level-chip" key={level}>
              <span className="swatch" style={{ background: riskLevelColours[level] }} /> {t(`riskLevel.${level}`)}
            </span>
          ))}
        </div>
      )}
      <div className="control-row">
        <Checkbox checked={settings.showEquipment} onChange={(event) => change({ showEquipment: event.target.checked })}>
          {t('command.heatmap.equipment')}
        </Checkbox>
        <Checkbox checked={settings.showCctv} onChange={(event) => change({ showCctv: event.target.checked })}>
          {t('command.heatmap.cctv')}
        </Checkbox>
      </div>
      {settings.showEquipment && (
        <div className="level-chips muted">
          <span className="level-chip"><span className="swatch swatch-round" style={{ background: '#2f9e44' }} />{t('command.heatmap.equipmentValid')}</span>
          <span className="level-chip"><span className="swatch swatch-round" style={{ background: '#f59f00' }} />{t('command.heatmap.equipmentSoon')}</span>
          <span className="level-chip"><span className="swatch swatch-round" style={{ background: '#e03131' }} />{t('command.heatmap.equipmentExpired')}</span>
        </div>
      )}
    </div>
  );
}
