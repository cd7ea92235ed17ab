import './duties.css';
import '../desk/case-views.css';
import { ArrowLeftOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, Form, Input, Segmented, Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackStreetInspection, DutyPost } from '../../../contract/duties.ts';
import type { Category } from '../../../contract/incidents.ts';
import { territoryApi } from '../api/territory-api.ts';
import { describeError } from '../api/http-client.ts';
import { dutiesApi, dutiesKeys } from '../api/duties-api.ts';
import { useSession } from '../app/session.tsx';
import { PhotoPicker } from '../desk/photo-picker.tsx';

interface Spot {
  longitude: number;
  latitude: number;
}

/** The phone's position, asked when the worker acts (check-in, round), never watched in the background. */
function locate(): Promise<Spot> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('geolocation'));
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ longitude: position.coords.longitude, latitude: position.coords.latitude }),
      reject,
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 30_000 },
    );
  });
}

/** Squared distance in degrees, scaled for latitude: enough to sort sections by nearness. */
function nearness(spot: Spot, coordinates: number[][]): number {
  const scale = Math.cos((spot.latitude * Math.PI) / 180);
  return Math.min(...coordinates.map(([lng, lat]) => ((lng! - spot.longitude) * scale) ** 2 + (lat! - spot.latitude) ** 2));
}

function MyShifts(props: { posts: DutyPost[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ postId: number; type: 'success' | 'error'; text: string } | null>(null);
  const checkIn = useMutation({
    mutationFn: async (post: DutyPost) => dutiesApi.checkIn(post.id, await locate().catch(() => { throw new Error(t('duties.phone.noLocation')); })),
    onSuccess: (answer, post) => {
      setMessage({ postId: post.id, type: 'success', text: t('duties.phone.checkedIn', { distance: answer.distanceMetres }) });
      void queryClient.invalidateQueries({ queryKey: dutiesKeys.all });
    },
    onError: (failure, post) => setMessage({ postId: post.id, type: 'error', text: describeError(failure) }),
  });
  const mine = props.posts.filter((post) => post.roster.some((shift) => shift.mine));
  if (mine.length === 0) return <div className="muted">{t('duties.phone.noShifts')}</div>;
  return (
    <ul className="post-list" data-testid="my-shifts">
      {mine.map((post) => (
        <li key={post.id}>
          <div className="post-head"><span className="post-name">{post.name}</span><span className="muted">{t(`duties.posts.kinds.${post.kind}`)}</span></div>
          <div className="post-shifts">
            {post.roster.filter((shift) => shift.mine).map((shift) => (
              <Tag key={shift.shiftId} color={shift.status === 'checked_in' ? 'green' : shift.status === 'missed' ? 'red' : 'default'}>
                {shift.startsAt}–{shift.endsAt} · {t(`duties.posts.status.${shift.status}`)}
              </Tag>
            ))}
          </div>
          <Button type="primary" icon={<EnvironmentOutlined />} className="check-in-button" data-testid={`check-in-${post.id}`}
            loading={checkIn.isPending && checkIn.variables?.id === post.id} onClick={() => { setMessage(null); checkIn.mutate(post); }}>
            {t('duties.phone.checkIn')}
          </Button>
          {message?.postId === post.id && <Alert type={message.type} showIcon title={message.text} className="check-in-message" data-testid="check-in-message" />}
        </li>
      ))}
    </ul>
  );
}

function RoundForm(props: { csrfToken: string | null }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const sections = useQuery({ queryKey: dutiesKeys.sections, queryFn: ({ signal }) => dutiesApi.sections(signal) });
  const categories = useQuery({ queryKey: ['duties', 'categories'], queryFn: ({ signal }) => territoryApi.categories(signal) });
  const [here, setHere] = useState<Spot | null>(null);
  const [sectionId, setSectionId] = useState<number | null>(null);
  const [kind, setKind] = useState<'scheduled' | 'spot'>('scheduled');
  const [photos, setPhotos] = useState<string[]>([]);
  const [withFinding, setWithFinding] = useState(true);
  const [categoryPath, setCategoryPath] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const [findingPhotos, setFindingPhotos] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [startedAt] = useState(() => new Date().toISOString());
  const [result, setResult] = useState<BackStreetInspection | null>(null);

  const options = useMemo(() => {
    const list = sections.data?.features ?? [];
    const sorted = here ? [...list].sort((a, b) => nearness(here, a.geometry.coordinates) - nearness(here, b.geometry.coordinates)) : list;
    return sorted.map((feature) => ({ value: feature.id as number, label: `${feature.properties.name} · ${feature.properties.responsiblePerson?.name ?? '—'}` }));
  }, [sections.data, here]);
  const categoryOptions = useMemo(() => {
    const all = categories.data?.categories ?? [];
    const name = (category: Category) => (i18n.language === 'en' ? category.nameEn : category.nameZh);
    return all.filter((category) => category.majorCode === null).map((major) => ({
      value: major.code, label: name(major),
      children: all.filter((minor) => minor.majorCode === major.code).map((minor) => ({ value: minor.code, label: name(minor) })),
    }));
  }, [categories.data, i18n.language]);
  const selected = sections.data?.features.find((feature) => feature.id === sectionId);

  const locateHere = async () => {
    const spot = await locate().catch(() => null);
    setHere(spot);
    if (spot && sections.data && sectionId === null) {
      const nearest = [...sections.data.features].sort((a, b) => nearness(spot, a.geometry.coordinates) - nearness(spot, b.geometry.coordinates))[0];
      if (nearest) setSectionId(nearest.id as number);
    }
  };

  const submit = useMutation({
    mutationFn: async () => {
      const spot = here ?? (await locate().catch(() => null));
      const middle = selected?.geometry.coordinates[Math.floor((selected.geometry.coordinates.length - 1) / 2)];
      const place = spot ?? (middle ? { longitude: middle[0]!, latitude: middle[1]! } : null);
      return dutiesApi.recordInspection(sectionId!, {
        kind, startedAt, finishedAt: new Date().toISOString(), photos, ...(note.trim() ? { note: note.trim() } : {}),
        ...(place ? { route: { type: 'MultiPoint' as const, coordinates: [[place.longitude, place.latitude]] } } : {}),
        findings: withFinding && place
          ? [{ categoryCode: categoryPath.at(-1) ?? '', description: description.trim(), longitude: place.longitude, latitude: place.latitude, photos: findingPhotos }]
          : [],
      });
    },
    onSuccess: (answer) => {
      setResult(answer);
      setPhotos([]); setFindingPhotos([]); setDescription(''); setCategoryPath([]); setNote('');
      void queryClient.invalidateQueries({ queryKey: dutiesKeys.all });
    },
  });

  return (
    <Form layout="vertical" className="round-form" data-testid="round-form" onFinish={() => submit.mutate()}>
      <Form.Item label={t('duties.phone.section')} required>
        <div className="round-section">
          <Select showSearch optionFilterProp="label" value={sectionId ?? undefined} onChange={setSectionId} options={options}
            placeholder={t('duties.phone.sectionPlaceholder')} data-testid="round-section" loading={sections.isLoading} />
          <Button icon={<EnvironmentOutlined />} onClick={() => void locateHere()} aria-label={t('duties.phone.locating')} />
        </div>
        {selected?.properties.responsiblePerson && (
          <div className="muted round-who">{t('duties.phone.whoFixes', { name: selected.properties.responsiblePerson.name })}</div>
        )}
      </Form.Item>
      <Form.Item label={t('duties.phone.kind')}>
        <Segmented<'scheduled' | 'spot'> block value={kind} onChange={setKind}
          options={[{ value: 'scheduled', label: t('duties.phone.scheduled') }, { value: 'spot', label: t('duties.phone.spot') }]} />
      </Form.Item>
      <Form.Item label={t('duties.phone.roundPhotos')}>
        <PhotoPicker names={photos} onChange={setPhotos} testId="round-photos" />
      </Form.Item>
      <Form.Item label={t('duties.phone.finding')}>
        <Segmented<'yes' | 'no'> block value={withFinding ? 'yes' : 'no'} onChange={(value) => setWithFinding(value === 'yes')}
          options={[{ value: 'yes', label: t('duties.phone.addFinding') }, { value: 'no', label: t('duties.phone.removeFinding') }]} />
      </Form.Item>
      {withFinding && (
        <>
          <Form.Item label={t('duties.phone.category')} required>
            <Cascader options={categoryOptions} value={categoryPath} onChange={(value) => setCategoryPath((value ?? []) as string[])} data-testid="finding-category" />
          </Form.Item>
          <Form.Item label={t('duties.phone.description')} required>
            <Input.TextArea rows={2} value={description} onChange={(event) => setDescription(event.target.value)} maxLength={2000} data-testid="finding-description" />
          </Form.Item>
          <Form.Item label={t('duties.phone.findingPhotos')}>
            <PhotoPicker names={findingPhotos} onChange={setFindingPhotos} testId="finding-photos" />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('duties.phone.note')}>
        <Input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
      </Form.Item>
      {submit.error && <Alert type="error" showIcon title={describeError(submit.error)} data-testid="round-error" />}
      {result && (
        <Alert type="success" showIcon data-testid="round-result" title={t('duties.phone.recorded')}
          description={result.findings.map((finding) => t('duties.phone.caseCreated', { name: result.responsiblePerson?.name ?? '—', code: finding.incident.trackingCode })).join(' ')} />
      )}
      <Button type="primary" htmlType="submit" block disabled={sectionId === null} loading={submit.isPending} data-testid="round-submit">{t('duties.phone.submit')}</Button>
    </Form>
  );
}

/**
 * The worker's duty page on the phone (`#/worker/duty`): today's duty-post shifts with a check-in
 * (the server measures the distance to the post), and a back-street round — section, kind, photos
 * and a finding, which becomes a case for the section's responsible person (区查街改).
 */
export default function DutyPhonePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const posts = useQuery({ queryKey: dutiesKeys.posts(), queryFn: ({ signal }) => dutiesApi.posts(undefined, signal) });
  if (!session?.user) return null;
  return (
    <main className="app-body role-page role-page-phone">
      <div className="worker-view duty-phone" data-testid="duty-phone">
        <div className="worker-heading">
          <Button type="link" href="#/worker" icon={<ArrowLeftOutlined />}>{t('duties.phone.back')}</Button>
        </div>
        {posts.error && <Alert type="error" showIcon title={t('duties.loadFailed')} description={describeError(posts.error)} />}
        <Card size="small" title={t('duties.phone.myShifts')}>{posts.data && <MyShifts posts={posts.data.posts} />}</Card>
        <Card size="small" title={t('duties.phone.round')}><RoundForm csrfToken={session.csrfToken} /></Card>
      </div>
    </main>
  );
}
