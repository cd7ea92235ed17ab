import { ClockCircleOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Slider, Spin, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { offsetOfDate, sliderDays, zoneDate } from './use-layout-date.ts';
import './assignment.css';

/**
 * A compact control over the map: a slider over the last 24 months, a date picker and "now".
 * Moving it reloads the grids as they were that day; while not at now a banner says so.
 */
export function TimeSlider(props: { date: string | null; onChange: (date: string | null) => void; loading: boolean; error: string | null }) {
  const { t } = useTranslation();
  const committedOffset = props.date === null ? 0 : offsetOfDate(props.date);
  const [offset, setOffset] = useState(committedOffset);
  useEffect(() => setOffset(committedOffset), [committedOffset]);
  const commit = (value: number) => props.onChange(value >= 0 ? null : zoneDate(value));
  const today = zoneDate(0);
  const earliest = zoneDate(-sliderDays);

  return (
    <>
      {props.date !== null && (
        <div className="layout-date-banner" data-testid="layout-date-banner" role="status">
          <HistoryOutlined />
          <div>
            <div className="layout-date-banner-title">{t('assignment.timeSlider.viewing', { date: props.date })}</div>
            <div className="layout-date-banner-hint">{t('assignment.timeSlider.viewingHint')}</div>
          </div>
          {props.loading && <Spin size="small" />}
          <Button size="small" type="primary" ghost onClick={() => props.onChange(null)} data-testid="layout-date-now-banner">
            {t('assignment.timeSlider.now')}
          </Button>
        </div>
      )}
      {props.error && <Alert className="layout-date-error" type="error" showIcon title={props.error} />}
      <div className={`time-slider ${props.date !== null ? 'time-slider-past' : ''}`} data-testid="time-slider" data-map-overlay="" data-date={props.date ?? 'now'}>
        <ClockCircleOutlined className="time-slider-icon" aria-label={t('assignment.timeSlider.label')} />
        <Slider
          className="time-slider-track"
          min={-sliderDays}
          max={0}
          value={offset}
          onChange={setOffset}
          onChangeComplete={commit}
          tooltip={{ formatter: (value) => (value === undefined || value >= 0 ? t('assignment.timeSlider.now') : zoneDate(value)) }}
          aria-label={t('assignment.timeSlider.label')}
        />
        <DatePicker
          size="small"
          className="time-slider-date"
          allowClear={false}
          value={dayjs(props.date ?? today)}
          placeholder={t('assignment.timeSlider.pickDate')}
          disabledDate={(day) => day.format('YYYY-MM-DD') < earliest || day.format('YYYY-MM-DD') > today}
          onChange={(day) => day && props.onChange(day.format('YYYY-MM-DD'))}
          data-testid="time-slider-date"
        />
        <Tooltip title={t('assignment.timeSlider.nowTooltip')}>
          <Button size="small" type={props.date === null ? 'primary' : 'default'} onClick={() => props.onChange(null)} data-testid="time-slider-now">
            {t('assignment.timeSlider.now')}
          </Button>
        </Tooltip>
      </div>
    </>
  );
}
