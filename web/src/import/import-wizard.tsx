import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Descriptions, Form, Input, InputNumber, Progress, Result, Select, Space, Statistic, Steps, Table, Tag, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import type { ImportReport, ImportRowProblem, ImportTargets, UploadedImport } from '../../../contract/imports.ts';
import { commitImportJob, fetchImportJob, fetchImportProblems, fetchTargets, uploadImportFile, validateImportJob } from './import-api.ts';
import { PreviewMap } from './preview-map.tsx';
import { asPair } from '../map/tuples.ts';

type GeometryKind = 'file' | 'lnglat' | 'wkt' | 'address';

/** Guesses that save typing: lng/lat columns by their usual names, fields by similar names. */
const guessColumn = (fields: string[], patterns: RegExp[]) => fields.find((field) => patterns.some((pattern) => pattern.test(field)));
const longitudePatterns = [/^(lng|lon|long|longitude|x|经度)$/i, /lng|lon|经度/i];
const latitudePatterns = [/^(lat|latitude|y|纬度)$/i, /lat|纬度/i];
const fieldPatterns: Record<string, RegExp[]> = {
  name: [/^(name|名称|mingcheng|nhood|网格名称|社区名称)$/i, /name|名称/i], code: [/^(code|编码|网格编码)$/i],
  trackingCode: [/^(caseid|编号|案件编号|tracking)/i], description: [/描述|description|request\.type/i], reportedAt: [/^(opened|上报时间|reported)/i],
  address: [/^(address|地址)$/i], kind: [/^(kind|类型|leixing)$/i], level: [/^(level|等级|dengji)$/i],
  buildingNumber: [/楼栋|building/i], room: [/^(room|室|房号)$/i], unit: [/^(unit|单元)$/i], complexName: [/小区|complex/i],
};

/**
 * The import wizard (issue 11): upload → preview → field mapping → target → validation report →
 * import, every step answered by the server; nothing is written before the last one.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<string | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [job, setJob] = useState<UploadedImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<ImportTargets | null>(null);
  const [target, setTarget] = useState('grids');
  const [communityId, setCommunityId] = useState<number | undefined>();
  const [streetId, setStreetId] = useState<number | undefined>();
  const [geometryKind, setGeometryKind] = useState<GeometryKind>('file');
  const [longitude, setLongitude] = useState<string | undefined>();
  const [latitude, setLatitude] = useState<string | undefined>();
  const [geometryColumn, setGeometryColumn] = useState<string | undefined>();
  const [crs, setCrs] = useState<string>('file');
  const [epsg, setEpsg] = useState<number | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [category, setCategory] = useState('0199');
  const [status, setStatus] = useState<'reported' | 'closed'>('reported');
  const [planName, setPlanName] = useState('');
  const [makeValid, setMakeValid] = useState(false);
  const [sliver, setSliver] = useState(0);
  const [dateFormat, setDateFormat] = useState<'YMD' | 'MDY' | 'DMY' | undefined>();
  const [timeZone, setTimeZone] = useState('');
  const [skipRows, setSkipRows] = useState<number[]>([]);
  const [report, setReport] = useState<ImportReport | null>(null);
  /** the problems table's page: from the report's first page, further pages from GET /imports/{id}/problems */
  const [problemPage, setProblemPage] = useState<{ current: number; pageSize: number; rows: ImportRowProblem[] }>({ current: 1, pageSize: 10, rows: [] });
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState<[number, number] | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  /** why the commit failed (the job's stored failure, in the reader's language); nothing was written */
  const [commitFailure, setCommitFailure] = useState<{ code: string; message: string } | null>(null);
  const [result, setResult] = useState<{ written: number; planId?: number } | null>(null);

  useEffect(() => {
    void fetchTargets().then(setOptions).catch((caught: Error) => setError(caught.message));
  }, []);

  const targetFields = useMemo(() => options?.targets.find((entry) => entry.target === target)?.fields ?? [], [options, target]);
  const columns = useMemo(() => job?.detection.fields ?? [], [job]);

  const upload = async (chosen: File, chosenEncoding: string | null) => {
    setError(null);
    setBusy(true);
    setUploadPercent(0);
    try {
      const parsed = await uploadImportFile(chosen, chosenEncoding, setUploadPercent);
      setJob(parsed);
      setReport(null);
      setSkipRows([]);
      const hasGeometry = parsed.preview.features.length > 0;
      setGeometryKind(hasGeometry ? 'file' : 'lnglat');
      setLongitude(guessColumn(parsed.detection.fields, longitudePatterns));
      setLatitude(guessColumn(parsed.detection.fields, latitudePatterns));
      const geometryType = parsed.preview.features[0]?.geometry.type ?? '';
      setTarget(/Polygon/.test(geometryType) ? 'grids' : 'incidents');
      setPlanName(`导入 ${chosen.name}`.slice(0, 100));
      setStep(1);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
      setUploadPercent(null);
    }
  };

  // default field mapping whenever the target or the file changes
  useEffect(() => {
    const guessed: Record<string, string> = {};
    for (const { field } of targetFields) {
      const column = guessColumn(columns, fieldPatterns[field] ?? [new RegExp(`^${field}$`, 'i')]);
      if (column) guessed[field] = column;
    }
    setFields(guessed);
  }, [targetFields, columns]);

  const settings = useMemo(() => ({
    target,
    ...(target === 'grids' && communityId ? { communityId } : {}),
    ...(target === 'communities' && streetId ? { streetId } : {}),
    crs: crs === 'epsg' ? { kind: 'epsg', code: epsg ?? 4326 } : { kind: crs },
    geometry: geometryKind === 'lnglat' ? { kind: 'lnglat', longitude: longitude ?? '', latitude: latitude ?? '' }
      : geometryKind === 'wkt' || geometryKind === 'address' ? { kind: geometryKind, column: geometryColumn ?? '' } : { kind: 'file' },
    fields: Object.fromEntries(Object.entries(fields).filter(([, column]) => column)),
    defaults: target === 'incidents' ? { categoryCode: category, status } : {},
    skipRows,
    makeValidRows: makeValid ? 'all' : [],
    sliverToleranceSquareMetres: sliver,
    ...((target === 'grids' || target === 'communities') && planName ? { planName } : {}),
    ...(dateFormat ? { dateFormat } : {}),
    ...(timeZone.trim() ? { timeZone: timeZone.trim() } : {}),
  }), [target, communityId, streetId, crs, epsg, geometryKind, longitude, latitude, geometryColumn, fields, category, status, skipRows, makeValid, sliver, planName, dateFormat, timeZone]);

  const validate = async (override: Partial<typeof settings> = {}) => {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      const answered = await validateImportJob(job.id, { ...settings, ...override });
      setReport(answered);
      setProblemPage({ current: 1, pageSize: 10, rows: answered.problems.slice(0, 10) });
      setStep(4);
    } catch (caught) {
      const details = caught instanceof ApiError ? (caught.details as { fields?: { field: string; message: string }[] } | null) : null;
      setError(details?.fields ? details.fields.map((entry) => `${entry.field}: ${entry.message}`).join('; ') : (caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!job) return;
    setBusy(true);
    setError(null);
    setCommitFailure(null);
    setStep(5);
    setProgress({ done: 0, total: report?.readyRows ?? 0 });
    let failed: { code: string; message: string } | null = null;
    try {
      await commitImportJob(job.id, (line) => {
        if (line.type === 'progress') setProgress({ done: line.done, total: line.total });
        else if (line.type === 'result') setResult({ written: line.written, ...(line.planId ? { planId: line.planId } : {}) });
        else failed = line.error;
      });
      if (failed) {
        // the job records the failure: show what the server stored, as anyone reopening the job would see it
        const stored = await fetchImportJob(job.id).catch(() => null);
        setCommitFailure(stored?.failure ?? failed);
      }
    } catch (caught) {
      setCommitFailure({ code: 'request_failed', message: (caught as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setStep(0); setJob(null); setReport(null); setResult(null); setProgress(null); setError(null); setCommitFailure(null); setFile(null); setSkipRows([]);
  };

  const showProblems = async (current: number, pageSize: number) => {
    if (!report || !job) return;
    const offset = (current - 1) * pageSize;
    if (offset + pageSize <= report.problems.length || report.problems.length >= report.problemsPage.total) {
      setProblemPage({ current, pageSize, rows: report.problems.slice(offset, offset + pageSize) });
      return;
    }
    try {
      const page = await fetchImportProblems(job.id, { offset, limit: pageSize });
      setProblemPage({ current, pageSize, rows: page.problems });
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  /** Every row with an error, also those beyond the report's first page (errors come first). */
  const skipErrorRows = async () => {
    if (!report || !job) return;
    const rows = report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.row);
    try {
      for (let offset = rows.length; offset < report.problemCounts.bySeverity.error; offset += 500) {
        const page = await fetchImportProblems(job.id, { severity: 'error', offset, limit: 500 });
        rows.push(...page.problems.map((problem) => problem.row));
      }
      setSkipRows((current) => [...new Set([...current, ...rows])]);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const errorRows = report ? [...new Set(report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.row))] : [];
  const gapGeometries = useMemo(() => (report?.gaps ?? []).map((entry) => entry.geometry as GeoJSON.Geometry), [report]);
  const spots = report?.problems.filter((problem) => problem.location).map((problem) => asPair(problem.location!)) ?? [];
  const crsLabel = (kind: string) => ({ wgs84: 'WGS84/CGCS2000', gcj02: 'GCJ-02（高德）', bd09: 'BD-09（百度）' } as Record<string, string>)[kind] ?? kind;

  const stepItems = (['upload', 'preview', 'mapping', 'target', 'report', 'commit'] as const).map((key) => ({ title: t(`import.steps.${key}`) }));
  return (
    <div className="import-wizard" data-testid="import-wizard">
      <Steps size="small" current={step} items={stepItems} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable onClose={() => setError(null)} data-testid="import-error" />}

      {step === 0 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Upload.Dragger multiple={false} showUploadList={false} disabled={busy} accept=".geojson,.json,.zip,.kml,.kmz,.csv,.txt,.xlsx"
            beforeUpload={(chosen) => { setFile(chosen); void upload(chosen, encoding); return false; }}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p>{t('import.upload.hint')}</p>
          </Upload.Dragger>
          <Form.Item label={t('import.upload.encoding')} style={{ marginBottom: 0 }}>
            <Select style={{ width: 280 }} value={encoding ?? 'auto'} onChange={(value) => setEncoding(value === 'auto' ? null : value)}
              options={[{ value: 'auto', label: t('import.upload.encodingAuto') }, { value: 'UTF-8', label: 'UTF-8' }, { value: 'GBK', label: 'GBK（GB2312/GB18030）' }]} />
          </Form.Item>
          {uploadPercent !== null && <Progress percent={uploadPercent} status="active" />}
        </Space>
      )}

      {step === 1 && job && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={2} items={[
            { key: 'format', label: t('import.preview.format'), children: `${job.format} · ${job.fileName}` },
            { key: 'rows', label: t('import.preview.rows'), children: job.detection.rowCount },
            { key: 'encoding', label: t('import.preview.encoding'), children: job.detection.encoding ? `${job.detection.encoding.name} (${job.detection.encoding.source})` : '—' },
            { key: 'crs', label: t('import.preview.crs'), children: job.detection.crs ? (job.detection.crs.kind === 'epsg' ? `EPSG:${job.detection.crs.code}` : job.detection.crs.kind === 'wkt' ? job.detection.crs.name : crsLabel(job.detection.crs.kind)) : '—' },
          ]} />
          {job.detection.warnings.map((warning) => <Alert key={warning} type="warning" showIcon title={warning} />)}
          {job.format === 'shapefile' || job.format === 'csv' ? (
            <Space>
              <Select style={{ width: 200 }} value={encoding ?? job.detection.encoding?.name ?? 'UTF-8'} onChange={setEncoding}
                options={[{ value: 'UTF-8', label: 'UTF-8' }, { value: 'GBK', label: 'GBK' }]} />
              <Button onClick={() => file && void upload(file, encoding)} disabled={!file || busy}>{t('import.preview.reupload')}</Button>
            </Space>
          ) : null}
          {job.preview.features.length > 0 ? <PreviewMap data={job.preview} /> : <Alert type="info" title={t('import.preview.noMap')} />}
          <Table size="small" rowKey="__row" pagination={{ pageSize: 8 }} scroll={{ x: true }} data-testid="import-sample"
            dataSource={job.sample.map((row, index) => ({ ...row, __row: index + 1 }))} columns={columns.map((column) => ({ title: column, dataIndex: column, key: column, ellipsis: true, render: (value: unknown) => (value === null || value === undefined ? '' : String(value)) }))} />
        </Space>
      )}

      {step === 2 && job && (
        <Form layout="vertical" style={{ maxWidth: 640 }}>
          <Form.Item label={t('import.target.target')}>
            <Select value={target} onChange={setTarget} data-testid="import-target"
              options={(options?.targets ?? []).map((entry) => ({ value: entry.target, label: t(`import.target.targets.${entry.target}`) }))} />
          </Form.Item>
          <Form.Item label={t('import.mapping.geometry')}>
            <Select value={geometryKind} onChange={setGeometryKind} options={[
              { value: 'file', label: t('import.mapping.geometryFile') }, { value: 'lnglat', label: t('import.mapping.geometryLngLat') },
              { value: 'wkt', label: t('import.mapping.geometryWkt') }, { value: 'address', label: t('import.mapping.geometryAddress') },
            ]} />
          </Form.Item>
          {geometryKind === 'lnglat' && (
            <Space>
              <Form.Item label={t('import.mapping.longitude')}><Select style={{ width: 200 }} value={longitude} onChange={setLongitude} options={columns.map((column) => ({ value: column, label: column }))} /></Form.Item>
              <Form.Item label={t('import.mapping.latitude')}><Select style={{ width: 200 }} value={latitude} onChange={setLatitude} options={columns.map((column) => ({ value: column, label: column }))} /></Form.Item>
            </Space>
          )}
          {(geometryKind === 'wkt' || geometryKind === 'address') && (
            <Form.Item label={t('import.mapping.column')}><Select value={geometryColumn} onChange={setGeometryColumn} options={columns.map((column) => ({ value: column, label: column }))} /></Form.Item>
          )}
          <Form.Item label={t('import.mapping.crs')}>
            <Space>
              <Select style={{ width: 260 }} value={crs} onChange={setCrs} data-testid="import-crs" options={[
                { value: 'file', label: t('import.mapping.crsFile') }, { value: 'wgs84', label: 'WGS84 / CGCS2000' },
                { value: 'gcj02', label: 'GCJ-02（高德、腾讯）' }, { value: 'bd09', label: 'BD-09（百度）' }, { value: 'epsg', label: t('import.mapping.epsg') },
              ]} />
              {crs === 'epsg' && <InputNumber placeholder="4547" value={epsg} onChange={(value) => setEpsg(value)} />}
            </Space>
          </Form.Item>
          <Table size="small" pagination={false} rowKey="field" dataSource={targetFields} data-testid="import-field-mapping"
            columns={[
              { title: t('import.mapping.field'), dataIndex: 'label', render: (label: string, entry) => <>{label} {entry.required && <Tag color="red">*</Tag>}</> },
              { title: t('import.mapping.sourceColumn'), dataIndex: 'field', render: (field: string) => (
                <Select style={{ width: 220 }} allowClear placeholder={t('import.mapping.unmapped')} value={fields[field]}
                  onChange={(value) => setFields((current) => ({ ...current, [field]: value }))} options={columns.map((column) => ({ value: column, label: column }))} />
              ) },
            ]} />
        </Form>
      )}

      {step === 3 && job && (
        <Form layout="vertical" style={{ maxWidth: 520 }}>
          {target === 'grids' && (
            <>
              <Form.Item label={t('import.target.community')} required>
                <Select value={communityId} onChange={setCommunityId} data-testid="import-community" options={(options?.communities ?? []).map((community) => ({ value: community.id, label: `${community.name} ${community.code}` }))} />
              </Form.Item>
              <Form.Item label={t('import.target.planName')}><Input value={planName} onChange={(event) => setPlanName(event.target.value)} maxLength={100} /></Form.Item>
            </>
          )}
          {target === 'communities' && (
            <>
              <Form.Item label={t('import.target.street')} required>
                <Select value={streetId} onChange={setStreetId} options={(options?.streets ?? []).map((street) => ({ value: street.id, label: `${street.name} ${street.code}` }))} />
              </Form.Item>
              {/* communities, like grids, become a draft plan of the street */}
              <Form.Item label={t('import.target.planName')}><Input value={planName} onChange={(event) => setPlanName(event.target.value)} maxLength={100} /></Form.Item>
            </>
          )}
          {target === 'incidents' && (
            <>
              <Form.Item label={t('import.target.category')}><Input value={category} onChange={(event) => setCategory(event.target.value)} maxLength={4} style={{ width: 120 }} /></Form.Item>
              <Space>
                <Form.Item label={t('import.target.dateFormat')}>
                  <Select style={{ width: 220 }} allowClear placeholder={t('import.target.dateFormatAuto')} value={dateFormat} onChange={setDateFormat} data-testid="import-date-format"
                    options={(['YMD', 'MDY', 'DMY'] as const).map((value) => ({ value, label: t(`import.target.dateFormats.${value}`) }))} />
                </Form.Item>
                <Form.Item label={t('import.target.timeZone')}>
                  <Input style={{ width: 200 }} placeholder={t('import.target.timeZonePlaceholder')} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} maxLength={64} />
                </Form.Item>
              </Space>
              <Form.Item label={t('import.target.status')}>
                <Select value={status} onChange={setStatus} options={(['reported', 'closed'] as const).map((value) => ({ value, label: t(`import.target.statuses.${value}`) }))} />
              </Form.Item>
            </>
          )}
          <Button type="primary" loading={busy} onClick={() => void validate()} data-testid="import-validate">{t('import.report.validate')}</Button>
        </Form>
      )}

      {step === 4 && report && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-report">
          <Space size="large" wrap>
            <Statistic title={t('import.report.ready')} value={report.readyRows} />
            <Statistic title={t('import.report.errors')} value={report.rowsWithErrors} styles={report.rowsWithErrors ? { content: { color: '#cf1322' } } : {}} />
            <Statistic title={t('import.report.skipped')} value={report.skippedRows} />
            {report.overlaps.length > 0 && <Statistic title={t('import.report.overlaps')} value={report.overlaps.length} />}
            {report.gap && <Statistic title={t('import.report.gap')} value={report.gap.areaSquareMetres} suffix="m²" />}
            {report.gaps.length > 0 && <Statistic title={t('import.report.gaps')} value={report.gaps.length} />}
          </Space>
          {report.crsQuestion && (
            <Alert type="warning" showIcon data-testid="import-crs-question" title={t('import.report.crsQuestionTitle')}
              description={(
                <Space orientation="vertical">
                  <span>{report.crsQuestion.message}</span>
                  <Space wrap>
                    {report.crsQuestion.choices.map((choice) => (
                      <Button key={choice} size="small" type={choice === report.crsQuestion!.suggested ? 'primary' : 'default'} data-testid={`import-crs-choice-${choice}`}
                        onClick={() => { setCrs(choice); void validate({ crs: { kind: choice } }); }}>
                        {t(`import.report.crsChoices.${choice}`)}{choice === report.crsQuestion!.suggested ? t('import.report.crsSuggestedMark') : ''}
                      </Button>
                    ))}
                  </Space>
                </Space>
              )} />
          )}
          {report.dateQuestion && (
            <Alert type="error" showIcon data-testid="import-date-question" title={t('import.report.dateQuestionTitle')}
              description={(
                <Space orientation="vertical">
                  <span>{report.dateQuestion.message}</span>
                  <Space wrap>
                    {report.dateQuestion.choices.map((choice) => (
                      <Button key={choice} size="small" data-testid={`import-date-choice-${choice}`} onClick={() => { setDateFormat(choice); void validate({ dateFormat: choice }); }}>
                        {t(`import.target.dateFormats.${choice}`)}
                      </Button>
                    ))}
                  </Space>
                </Space>
              )} />
          )}
          {report.suggestedCrs && !report.crsQuestion && (
            <Alert type="warning" showIcon title={t('import.report.suggested', { crs: crsLabel(report.suggestedCrs) })}
              action={<Button size="small" onClick={() => { setCrs(report.suggestedCrs!); void validate({ crs: { kind: report.suggestedCrs! } }); }}>{t('import.report.useSuggested', { crs: crsLabel(report.suggestedCrs) })}</Button>} />
          )}
          <Space wrap>
            <Checkbox checked={makeValid} onChange={(event) => setMakeValid(event.target.checked)} data-testid="import-make-valid">{t('import.report.makeValid')}</Checkbox>
            <span>{t('import.report.sliver')}</span><InputNumber min={0} max={10000} value={sliver} onChange={(value) => setSliver(value ?? 0)} />
            <Button disabled={errorRows.length === 0} onClick={() => void skipErrorRows()}>{t('import.report.skipErrors')}</Button>
            <Button loading={busy} onClick={() => void validate()} data-testid="import-revalidate">{t('import.report.revalidate')}</Button>
          </Space>
          <PreviewMap data={report.preview} spots={spots} gap={report.gap?.geometry ?? null} gaps={gapGeometries} focus={focus} />
          {report.gaps.length > 0 && (
            <Table size="small" rowKey={(entry) => entry.rows.join('-')} pagination={false} dataSource={report.gaps} data-testid="import-gaps"
              title={() => t('import.report.gapsTitle')}
              columns={[
                { title: t('import.report.gapRows'), dataIndex: 'rows', render: (rows: number[]) => rows.join('、') },
                { title: t('import.report.gapArea'), dataIndex: 'areaSquareMetres', render: (area: number) => `${area.toLocaleString('zh-CN')} m²` },
                { title: '', key: 'locate', width: 90, render: (_, entry) => entry.location && <Button size="small" onClick={() => setFocus(asPair(entry.location!))}>{t('import.report.locate')}</Button> },
              ]} />
          )}
          {report.problems.length === 0 ? <Alert type="success" showIcon title={t('import.report.clean')} /> : (
            <Table<ImportRowProblem & { key: string }> size="small" rowKey="key" data-testid="import-problems"
              title={() => t('import.report.problemTotals', { total: report.problemCounts.total, errors: report.problemCounts.bySeverity.error, warnings: report.problemCounts.bySeverity.warning })}
              pagination={{ current: problemPage.current, pageSize: problemPage.pageSize, total: report.problemsPage.total, showSizeChanger: true, onChange: (current, pageSize) => void showProblems(current, pageSize) }}
              dataSource={problemPage.rows.map((problem, index) => ({ ...problem, key: `${problem.row}-${problem.code}-${(problemPage.current - 1) * problemPage.pageSize + index}` }))}
              columns={[
                { title: t('import.report.row'), dataIndex: 'row', width: 70 },
                { title: t('import.report.severity'), dataIndex: 'severity', width: 80, render: (severity: string) => <Tag color={severity === 'error' ? 'red' : 'gold'}>{t(`import.report.${severity}`)}</Tag> },
                { title: t('import.report.problem'), dataIndex: 'message' },
                { title: '', key: 'actions', width: 150, render: (_, problem) => (
                  <Space size="small">
                    {problem.location && <Button size="small" onClick={() => setFocus(asPair(problem.location!))}>{t('import.report.locate')}</Button>}
                    <Checkbox checked={skipRows.includes(problem.row)} onChange={(event) => setSkipRows((current) => event.target.checked ? [...current, problem.row] : current.filter((row) => row !== problem.row))}>{t('import.report.skipped')}</Checkbox>
                  </Space>
                ) },
              ]} />
          )}
          <Button type="primary" disabled={report.rowsWithErrors > 0 || report.readyRows === 0} loading={busy} onClick={() => void commit()} data-testid="import-commit">
            {t('import.commit.start', { count: report.readyRows })}
          </Button>
        </Space>
      )}

      {step === 5 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {progress && <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} status={result ? 'success' : commitFailure ? 'exception' : 'active'} data-testid="import-progress" />}
          {busy && <span className="muted">{t('import.commit.running')}</span>}
          {result && (
            <Result status="success" title={t('import.commit.done', { count: result.written })} subTitle={result.planId ? t('import.commit.plan', { id: result.planId }) : undefined}
              extra={<Button onClick={restart}>{t('import.commit.again')}</Button>} data-testid="import-result" />
          )}
          {commitFailure && (
            <Alert type="error" showIcon title={t('import.commit.failed')} description={commitFailure.message} data-testid="import-commit-failure" />
          )}
          {commitFailure && !busy && <Button onClick={() => setStep(4)}>{t('import.back')}</Button>}
        </Space>
      )}

      {step > 0 && step < 4 && (
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => setStep(step - 1)}>{t('import.back')}</Button>
          {step < 3 && <Button type="primary" onClick={() => setStep(step + 1)} data-testid="import-next">{t('import.next')}</Button>}
        </Space>
      )}
      {step === 4 && <Button style={{ marginTop: 12 }} onClick={() => setStep(2)}>{t('import.back')}</Button>}
    </div>
  );
}
