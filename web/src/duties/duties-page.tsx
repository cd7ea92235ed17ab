import './duties.css';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Segmented, Table, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyPost, Station } from '../../../contract/duties.ts';
import { describeError } from '../api/http-client.ts';
import { dutiesApi, dutiesKeys } from '../api/duties-api.ts';
import { DutiesMap, dutyColours, type ColourMode } from './duties-map.tsx';

/** Metres as people read them on this page: whole metres, kilometres from 10 km. */
function useLength() {
  const { t, i18n } = useTranslation();
  return (metres: number) => metres >= 10_000
    ? t('duties.coverage.kilometres', { value: (metres / 1000).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })
    : t('duties.coverage.metres', { value: Math.round(metres).toLocaleString(i18n.language) });
}

/** Punctuation of the UI language: no full-width marks on an English screen. */
function usePunctuation() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return { colon: english ? ': ' : '：', bracket: (text: string) => (english ? ` (${text})` : `（${text}）`) };
}

function StationTable(props: { stations: Station[] }) {
  const { t } = useTranslation();
  const { colon } = usePunctuation();
  return (
    <Table<Station>
      size="small" pagination={false} rowKey="id" data-testid="station-table" dataSource={props.stations}
      expandable={{
        expandedRowRender: (station) => (
          <div className="station-detail" data-testid={`station-rule-${station.id}`}>
            <div><span className="muted">{t('duties.stations.rule')}{colon}</span>{station.rule.text}</div>
            <div>
              <span className="muted">{t('duties.stations.head')}{colon}</span>{station.head?.name ?? '—'}
              <span className="muted"> · {t('duties.stations.deputy')}{colon}</span>{station.deputy?.name ?? '—'}
              <span className="muted"> · {t('duties.stations.office')}{colon}</span>
              {station.officeAreaSquareMetres === null ? '—' : t('duties.stations.officeArea', { area: station.officeAreaSquareMetres })}
              {!station.officeMeetsStandard && <Tag color="orange" className="inline-tag">{t('duties.stations.officeBelow', { minimum: station.officeMinimumSquareMetres })}</Tag>}
            </div>
            <div>
              <span className="muted">{t('duties.stations.equipment')}{colon}</span>
              {station.equipment.map((item) => `${t(`duties.stations.kinds.${item.kind}`)} ${item.quantity}`).join(' · ')}
            </div>
          </div>
        ),
      }}
      columns={[
        { title: t('duties.stations.community'), dataIndex: 'communityName' },
        { title: t('duties.stations.required'), dataIndex: 'requiredStaff', align: 'right', render: (value: number, station) => <Tooltip title={station.rule.text}><span className="dotted">{value}</span></Tooltip> },
        { title: t('duties.stations.actual'), dataIndex: 'actualStaff', align: 'right' },
        {
          title: t('duties.stations.shortfall'), dataIndex: 'shortfall',
          render: (shortfall: number) => shortfall > 0 ? <Tag color="red">{t('duties.stations.short', { count: shortfall })}</Tag> : <Tag color="green">{t('duties.stations.meets')}</Tag>,
        },
      ]}
    />
  );
}

function PostList(props: { posts: DutyPost[] }) {
  const { t } = useTranslation();
  const colour = { checked_in: 'green', on_duty: 'orange', upcoming: 'default', missed: 'red' } as const;
  return (
    <ul className="post-list" data-testid="post-list">
      {props.posts.map((post) => (
        <li key={post.id}>
          <div className="post-head">
            <span className="post-name">{post.name}</span>
            <span className="muted">{t(`duties.posts.kinds.${post.kind}`)} · {post.opensAt}–{post.closesAt}</span>
            {post.missedCount > 0 && <Tag color="red">{t('duties.posts.missed', { count: post.missedCount })}</Tag>}
          </div>
          {post.roster.length === 0
            ? <div className="muted">{t('duties.posts.none')}</div>
            : (
              <div className="post-shifts">
                {post.roster.map((shift) => (
                  <Tag key={shift.shiftId} color={colour[shift.status]}>
                    {shift.startsAt}–{shift.endsAt} {shift.person.name} · {t(`duties.posts.status.${shift.status}`)}{shift.late ? ` (${t('duties.posts.late')})` : ''}
                  </Tag>
                ))}
              </div>
            )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The duties view (`#/duties`): the back streets on the map coloured by grade or coverage with the
 * coverage check's gaps, the section picked on the map (定点定岗定人定责), the station table (required
 * vs actual staff with the rule cited) and today's duty posts with missed shifts.
 */
export default function DutiesPage() {
  const { t } = useTranslation();
  const length = useLength();
  const { colon, bracket } = usePunctuation();
  const [mode, setMode] = useState<ColourMode>('coverage');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const sections = useQuery({ queryKey: dutiesKeys.sections, queryFn: ({ signal }) => dutiesApi.sections(signal) });
  const coverage = useQuery({ queryKey: dutiesKeys.coverage, queryFn: ({ signal }) => dutiesApi.coverage(signal) });
  const stations = useQuery({ queryKey: dutiesKeys.stations, queryFn: ({ signal }) => dutiesApi.stations(signal) });
  const posts = useQuery({ queryKey: dutiesKeys.posts(), queryFn: ({ signal }) => dutiesApi.posts(undefined, signal) });
  const failure = [sections, coverage, stations, posts].find((query) => query.error)?.error;
  const selected = useMemo(() => sections.data?.features.find((feature) => feature.id === selectedId)?.properties, [sections.data, selectedId]);

  return (
    <main className="app-body duties-page" data-testid="duties-page">
      <section className="duties-map-pane">
        <DutiesMap sections={sections.data} coverage={coverage.data} posts={posts.data?.posts} mode={mode} selectedId={selectedId} onSelect={setSelectedId} />
        <div className="duties-legend" data-testid="duties-legend">
          <Segmented<ColourMode> size="small" value={mode} onChange={setMode}
            options={[{ value: 'coverage', label: t('duties.byCoverage') }, { value: 'grade', label: t('duties.byGrade') }]} />
          {mode === 'grade'
            ? [1, 2, 3].map((grade) => <span key={grade} className="legend-item"><i style={{ background: dutyColours.grade[grade] }} />{t(`duties.grade.${grade}`)}</span>)
            : (
              <>
                <span className="legend-item"><i style={{ background: dutyColours.covered }} />{t('duties.coverage.sections')}</span>
                <span className="legend-item"><i style={{ background: dutyColours.overdue }} />{t('duties.legendOverdue')}</span>
                <span className="legend-item"><i style={{ background: dutyColours.uncovered }} />{t('duties.legendUncovered')}</span>
              </>
            )}
          <span className="legend-item"><i className="legend-dot" style={{ background: dutyColours.post }} />{t('duties.legendPost')}</span>
          <span className="muted synthetic">{t('duties.synthetic')}</span>
        </div>
      </section>
      <aside className="duties-side">
        {failure && <Alert type="error" showIcon title={t('duties.loadFailed')} description={describeError(failure)} />}
        <Card size="small" title={t('duties.coverage.title')} data-testid="coverage-card">
          {coverage.data && (
            <>
              <div className="coverage-figures">
                <div><span className="muted">{t('duties.coverage.total')}</span><strong>{length(coverage.data.totalMetres)}</strong></div>
                <div><span className="muted">{t('duties.coverage.sections')}</span><strong>{coverage.data.sectionCount}</strong></div>
                <div className={coverage.data.unassignedMetres > 0 ? 'alert-value' : ''}>
                  <span className="muted">{t('duties.coverage.unassigned')}</span><strong data-testid="unassigned-metres">{length(coverage.data.unassignedMetres)}</strong>
                </div>
                <div className={coverage.data.doubleAssignedMetres > 0 ? 'alert-value' : ''}>
                  <span className="muted">{t('duties.coverage.doubleAssigned')}</span><strong>{length(coverage.data.doubleAssignedMetres)}</strong>
                </div>
              </div>
              {coverage.data.unassigned.features.length === 0 && coverage.data.doubleAssigned.features.length === 0
                ? <div className="coverage-ok">{t('duties.coverage.ok')}</div>
                : (
                  <ul className="gap-list">
                    {coverage.data.unassigned.features.map((gap, index) => (
                      <li key={index}>
                        {gap.properties.backStreetName} {Math.round(gap.properties.fromMetres)}–{Math.round(gap.properties.toMetres)}{colon}{length(gap.properties.lengthMetres)}
                        <span className="muted"> · {gap.properties.reason === 'no_section' ? t('duties.coverage.reasonNoSection') : t('duties.coverage.reasonNoPerson', { name: gap.properties.personName ?? '—' })}</span>
                      </li>
                    ))}
                  </ul>
                )}
            </>
          )}
        </Card>
        {selected && (
          <Card size="small" title={`${selected.name}${bracket(t(`duties.grade.${selected.grade}`))}`} data-testid="section-card">
            <Descriptions size="small" column={1}
              items={[
                { key: 'person', label: t('duties.section.person'), children: selected.responsiblePerson ? `${selected.responsiblePerson.name}${selected.responsiblePerson.organisation ? bracket(selected.responsiblePerson.organisation) : ''}` : '—' },
                { key: 'post', label: t('duties.section.post'), children: selected.post },
                { key: 'duties', label: t('duties.section.duties'), children: selected.duties },
                { key: 'length', label: t('duties.section.length'), children: length(selected.lengthMetres) },
                {
                  key: 'due', label: t('duties.section.due'),
                  children: <>{selected.inspectionDueOn}{selected.inspectionOverdue && <Tag color="orange" className="inline-tag">{t('duties.section.overdue')}</Tag>}</>,
                },
              ]} />
          </Card>
        )}
        <Card size="small" title={t('duties.stations.title')}>
          {stations.data && <StationTable stations={stations.data.stations} />}
        </Card>
        <Card size="small" title={t('duties.posts.title')} extra={posts.data && posts.data.missedCount > 0 ? <Tag color="red">{t('duties.posts.missed', { count: posts.data.missedCount })}</Tag> : null}>
          {posts.data && <PostList posts={posts.data.posts} />}
        </Card>
      </aside>
    </main>
  );
}
