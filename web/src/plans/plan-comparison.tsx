import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Space, Spin, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridChange, PlanComparison as Comparison } from '../../../contract/plans.ts';
import { plansApi } from '../api/plans-api.ts';
import { formatInstant } from './plan-bar.tsx';
import './plans.css';

const hectares = (value: number | null) => (value === null ? '—' : (value / 10_000).toFixed(1));

/**
 * The change report of a plan for the leaders: figures, grid changes, households and open cases
 * that change grid (masked), workers affected, rule warnings before and after. Exportable to
 * Excel (server-side workbook, audited) and printable (the browser's print to PDF).
 */
export function PlanComparisonDrawer({ planId, planName, open, onClose }: { planId: number; planName: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setReport(null);
    setError(null);
    plansApi.compare(planId, abort.signal).then(setReport, (failure: unknown) => {
      if (!abort.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
    });
    return () => abort.abort();
  }, [planId, open]);

  useEffect(() => {
    if (!open) return;
    // printing shows the report only (see plans.css)
    document.body.classList.add('printing-plan-comparison');
    return () => document.body.classList.remove('printing-plan-comparison');
  }, [open]);

  const c = (key: string) => t(`plans.comparison.columns.${key}`);
  const gridColumns: ColumnsType<GridChange & { change: string }> = [
    { title: c('change'), dataIndex: 'change', width: 64, render: (change: string) => <Tag color={change === 'added' ? 'gold' : change === 'removed' ? 'red' : 'blue'} variant="filled">{t(`plans.comparison.${change}`)}</Tag> },
    { title: c('code'), dataIndex: 'code', render: (code: string, row) => <span className="mono">{code.slice(-6)}{row.previousCode && <span className="muted"> ← {row.previousCode.slice(-6)}</span>}</span> },
    { title: c('name'), dataIndex: 'name' },
    { title: c('households'), align: 'right', render: (_, row) => `${row.householdsBefore ?? '—'} → ${row.householdsAfter ?? '—'}` },
    { title: c('area'), align: 'right', render: (_, row) => `${hectares(row.areaBefore)} → ${hectares(row.areaAfter)}` },
    { title: c('worker'), dataIndex: 'workerName', render: (name: string | null) => name ?? <span className="muted">—</span> },
  ];

  return (
    <Drawer open={open} onClose={onClose} size={760} title={t('plans.comparison.title', { name: planName })} destroyOnHidden
      rootClassName="plan-comparison-drawer" data-testid="plan-comparison"
      extra={<Space>
        <Button size="small" icon={<FileExcelOutlined />} href={plansApi.comparisonWorkbookUrl(planId)} download data-testid="plan-comparison-export">{t('plans.comparison.export')}</Button>
        <Button size="small" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('plans.comparison.print')}</Button>
      </Space>}>
      {error && <Alert type="error" showIcon title={error} />}
      {!report && !error && <div className="panel-loading"><Spin /> <span className="muted">{t('plans.comparison.loading')}</span></div>}
      {report && (
        <div className="plan-comparison" data-testid="plan-comparison-report" data-households-moving={report.summary.householdsMoving}>
          <p className="muted">{t('plans.comparison.generatedAt', { at: formatInstant(report.generatedAt) })} · {t('plans.comparison.overlay')}</p>
          <div className="plan-comparison-figures">
            <Statistic title={t('plans.comparison.grids')} value={`${report.summary.gridsBefore} → ${report.summary.gridsAfter}`} />
            <Statistic title={t('plans.comparison.added')} value={report.summary.added} />
            <Statistic title={t('plans.comparison.removed')} value={report.summary.removed} />
            <Statistic title={t('plans.comparison.changed')} value={report.summary.changed} />
            <Statistic title={t('plans.comparison.householdsMoving')} value={report.summary.householdsMoving} />
            <Statistic title={t('plans.comparison.incidentsMoving')} value={report.summary.incidentsMoving} />
            <Statistic title={t('plans.comparison.workersAffected')} value={report.summary.workersAffected} />
            <Statistic title={t('plans.comparison.warnings')} value={`${report.summary.warningsBefore} → ${report.summary.warningsAfter}`} />
          </div>
          {report.problems.length > 0 && <Alert type="error" showIcon title={t('plans.problemsTitle', { count: report.problems.length })}
            description={<ul className="plan-problems">{report.problems.map((problem, index) => <li key={index}>{problem.message}</li>)}</ul>} />}

          <h3>{t('plans.comparison.communityTable')}</h3>
          <Table size="small" pagination={false} rowKey="communityId" dataSource={report.communities} columns={[
            { title: c('community'), dataIndex: 'name', render: (name: string, row) => <>{name} <span className="mono muted">{row.code}</span> {row.isNew && <Tag color="gold" variant="filled">{c('isNew')}</Tag>}</> },
            { title: t('plans.comparison.grids'), align: 'right', render: (_, row) => `${row.gridsBefore} → ${row.gridsAfter}` },
            { title: c('households'), align: 'right', render: (_, row) => `${row.householdsBefore} → ${row.householdsAfter}` },
          ]} />

          <h3>{t('plans.comparison.gridChanges')}</h3>
          <Table size="small" pagination={false} rowKey={(row) => `${row.change}-${row.gridId}`} data-testid="plan-comparison-grids"
            dataSource={[...report.added.map((row) => ({ ...row, change: 'added' })), ...report.removed.map((row) => ({ ...row, change: 'removed' })), ...report.changed.map((row) => ({ ...row, change: 'changed' }))]}
            columns={gridColumns} locale={{ emptyText: t('plans.comparison.none') }} />

          <h3>{t('plans.comparison.workers')}</h3>
          <Table size="small" pagination={false} rowKey="workerId" dataSource={report.workers} locale={{ emptyText: t('plans.comparison.none') }}
            data-testid="plan-comparison-workers" columns={[
              { title: c('worker'), dataIndex: 'name' },
              { title: c('code'), dataIndex: 'gridCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
              { title: c('change'), dataIndex: 'change', render: (change: string) => t(`plans.comparison.workerChanges.${change}`) },
              { title: c('households'), align: 'right', render: (_, row) => `${row.householdsBefore} → ${row.householdsAfter ?? '—'}` },
            ]} />

          <h3>{t('plans.comparison.householdMoves')}</h3>
          <Table size="small" pagination={false} rowKey={(row) => `${row.fromCode}-${row.toCode}`} dataSource={report.householdMoves}
            locale={{ emptyText: t('plans.comparison.none') }} columns={[
              { title: c('from'), dataIndex: 'fromCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
              { title: c('to'), dataIndex: 'toCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
              { title: c('count'), dataIndex: 'count', align: 'right' },
            ]} />

          <h3>{t('plans.comparison.householdList')}</h3>
          <Table size="small" rowKey="householdId" dataSource={report.households} pagination={{ pageSize: 20, size: 'small', showSizeChanger: false }}
            locale={{ emptyText: t('plans.comparison.none') }} data-testid="plan-comparison-households" columns={[
              { title: c('address'), dataIndex: 'address' },
              { title: c('head'), dataIndex: 'headName' },
              { title: c('from'), dataIndex: 'fromCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
              { title: c('to'), dataIndex: 'toCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
            ]} />

          <h3>{t('plans.comparison.incidents')}</h3>
          <Table size="small" rowKey="incidentId" dataSource={report.incidents} pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
            locale={{ emptyText: t('plans.comparison.none') }} columns={[
              { title: c('trackingCode'), dataIndex: 'trackingCode', render: (code: string) => <span className="mono">{code}</span> },
              { title: c('category'), dataIndex: 'category' },
              { title: c('from'), dataIndex: 'fromCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
              { title: c('to'), dataIndex: 'toCode', render: (code: string) => <span className="mono">{code.slice(-6)}</span> },
            ]} />

          <h3>{t('plans.comparison.warnings')}</h3>
          <div className="plan-comparison-warnings">
            <div><h4>{t('plans.comparison.before')}（{report.warningsBefore.length}）</h4>
              <ul>{report.warningsBefore.map((warning, index) => <li key={index}>{warning.message}</li>)}</ul></div>
            <div><h4>{t('plans.comparison.after')}（{report.warningsAfter.length}）</h4>
              <ul>{report.warningsAfter.map((warning, index) => <li key={index}>{warning.message}</li>)}</ul></div>
          </div>
        </div>
      )}
    </Drawer>
  );
}
