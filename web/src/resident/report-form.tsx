import { CameraOutlined, DeleteOutlined, EditOutlined, EnvironmentOutlined, LikeOutlined, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Radio, Result, Switch, Typography } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client.ts';
import { describeError } from '../api/cases-api.ts';
import type { NearbyReport, ResidentCategory } from '../../../contract/residents.ts';
import { rememberReporterKey, residentApi } from '../api/resident-api.ts';
import { PlaceFinder, type Place } from './place-finder.tsx';

const MapPicker = lazy(() => import('./map-picker.tsx').then((module) => ({ default: module.MapPicker })));

interface PhotoEntry {
  name: string;
  preview: string;
}

type FieldErrors = Partial<Record<'category' | 'description' | 'location' | 'contactPhone' | 'photos', string>>;

const phonePattern = /^[0-9+\-() ]{3,30}$/;

/**
 * Report a problem: category, description, up to three photos, the place, an optional contact
 * (or anonymous). Before it is sent, open reports of the same kind nearby are offered with a
 * "me too" button so the desk is not flooded with duplicates.
 */
export function ReportForm(props: {
  place: Place | null;
  onPlace: (place: Place) => void;
  onSubmitted: (code: string, key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [categories, setCategories] = useState<ResidentCategory[]>([]);
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PhotoEntry[]>([]);
  const [uploading, setUploading] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [changingPlace, setChangingPlace] = useState(false);
  const [nearby, setNearby] = useState<NearbyReport[] | null>(null);
  const [supported, setSupported] = useState<Record<string, number>>({});
  const [submitting, setSubmitting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    residentApi.categories(abort.signal).then((answer) => setCategories(answer.categories), () => undefined);
    return () => abort.abort();
  }, []);
  // a new place or category means the nearby list must be asked again
  useEffect(() => setNearby(null), [props.place, category]);

  const place = props.place && props.place.card.inServiceArea ? props.place : null;

  // the pin was moved: the report goes to the new point and the grid that holds it
  const movePin = async (lng: number, lat: number) => {
    if (!props.place) return;
    const base = props.place.named ? props.place.label.replace(t('resident.report.pinMovedSuffix'), '') : t('resident.find.pickedPoint');
    try {
      const card = await residentApi.lookup(lng, lat);
      props.onPlace({ label: props.place.named ? `${base}${t('resident.report.pinMovedSuffix')}` : base, named: props.place.named, lng, lat, card });
    } catch (failure) {
      setProblem(describeError(failure));
    }
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setUploading(true);
    setErrors((current) => ({ ...current, photos: undefined }));
    try {
      const added: PhotoEntry[] = [];
      for (const file of Array.from(files).slice(0, 3 - photos.length)) {
        const stored = await residentApi.uploadPhoto(file);
        added.push({ name: stored.name, preview: URL.createObjectURL(file) });
      }
      setPhotos((current) => [...current, ...added]);
    } catch (failure) {
      setErrors((current) => ({ ...current, photos: describeError(failure) }));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const validate = (): boolean => {
    const next: FieldErrors = {};
    if (!category) next.category = t('resident.report.categoryRequired');
    if (description.trim().length === 0) next.description = t('resident.report.descriptionRequired');
    if (!place) next.location = t('resident.report.noLocation');
    if (!anonymous && contactPhone.trim() && !phonePattern.test(contactPhone.trim())) next.contactPhone = t('resident.report.invalidPhone');
    setErrors(next);
    return Object.keys(next).length === 0;
  };

  const send = async () => {
    if (!place || !category) return;
    setSubmitting(true);
    setProblem(null);
    try {
      const created = await residentApi.submit({
        category, description, longitude: place.lng, latitude: place.lat, address: place.label.slice(0, 200),
        photos: photos.map((photo) => photo.name), anonymous,
        ...(anonymous ? {} : { contactName: contactName.trim() || undefined, contactPhone: contactPhone.trim() || undefined }),
      });
      rememberReporterKey(created.trackingCode, created.reporterKey);
      props.onSubmitted(created.trackingCode, created.reporterKey);
    } catch (failure) {
      if (failure instanceof ApiError) {
        const fields = (failure.details as { fields?: { field: string; message: string }[] } | null)?.fields ?? [];
        const next: FieldErrors = {};
        for (const field of fields) next[field.field as keyof FieldErrors] = field.message;
        setErrors(next);
        setProblem(failure.status === 429 ? t('resident.errors.rateLimited') : failure.status === 422 ? t('resident.errors.outside') : fields.length > 0 ? null : failure.message);
      } else setProblem(describeError(failure));
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async () => {
    if (!validate() || !place || !category) return;
    if (nearby === null) {
      try {
        const answer = await residentApi.nearby(place.lng, place.lat, category);
        if (answer.reports.length > 0) {
          setNearby(answer.reports);
          return;
        }
      } catch {
        // the duplicate check is a courtesy: without it the report still goes through
      }
    }
    await send();
  };

  const meToo = async (code: string) => {
    try {
      const answer = await residentApi.support(code);
      setSupported((current) => ({ ...current, [code]: answer.supporterCount }));
    } catch (failure) {
      setProblem(failure instanceof ApiError && failure.status === 429 ? t('resident.errors.rateLimited') : describeError(failure));
    }
  };

  return (
    <Form layout="vertical" className="report-form" onFinish={() => void submit()} data-testid="report-form" requiredMark>
      <Form.Item label={t('resident.report.location')} required validateStatus={errors.location ? 'error' : undefined} help={errors.location}>
        {place && !changingPlace ? (
          <div className="report-place" data-testid="report-place">
            <EnvironmentOutlined /> <span>{place.label}</span>
            <span className="muted small"> · {place.card.community?.name} {place.card.grid?.name}</span>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setChangingPlace(true)}>{t('resident.report.changeLocation')}</Button>
          </div>
        ) : (
          <PlaceFinder compact place={props.place} onPlace={(next) => { props.onPlace(next); setChangingPlace(false); setErrors((current) => ({ ...current, location: undefined })); }} />
        )}
        {props.place && !props.place.card.inServiceArea && <Alert type="warning" showIcon title={t('resident.errors.outside')} />}
        {props.place && !changingPlace && (
          <div className="report-pin" data-testid="report-pin">
            <div className="muted small">{t('resident.report.pinHint')}</div>
            <Suspense fallback={<div className="resident-map report-map" />}>
              <MapPicker testId="report-map" value={{ lng: props.place.lng, lat: props.place.lat }} onPick={(lng, lat) => void movePin(lng, lat)} />
            </Suspense>
          </div>
        )}
      </Form.Item>

      <Form.Item label={t('resident.report.category')} required validateStatus={errors.category ? 'error' : undefined} help={errors.category}>
        <Radio.Group className="category-chips" optionType="button" value={category} onChange={(event) => { setCategory(event.target.value as string); setErrors((current) => ({ ...current, category: undefined })); }}
          data-testid="category-chips"
          options={categories.map((item) => ({ value: item.code, label: english ? item.nameEn : item.nameZh }))} />
      </Form.Item>

      <Form.Item label={t('resident.report.description')} required validateStatus={errors.description ? 'error' : undefined} help={errors.description}>
        <Input.TextArea value={description} onChange={(event) => { setDescription(event.target.value); setErrors((current) => ({ ...current, description: undefined })); }} maxLength={1000} showCount
          autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('resident.report.descriptionPlaceholder')} data-testid="report-description" />
      </Form.Item>

      <Form.Item label={t('resident.report.photos')} validateStatus={errors.photos ? 'error' : undefined} help={errors.photos}>
        <div className="photo-strip">
          {photos.map((photo) => (
            <div className="photo-thumb" key={photo.name}>
              <img src={photo.preview} alt="" />
              <button type="button" className="photo-remove" aria-label={t('resident.report.removePhoto')}
                onClick={() => setPhotos(photos.filter((other) => other.name !== photo.name))}><DeleteOutlined /></button>
            </div>
          ))}
          {photos.length < 3 && (
            <Button className="photo-add" icon={uploading ? <LoadingOutlined /> : <CameraOutlined />} disabled={uploading} onClick={() => fileInput.current?.click()}>
              {uploading ? t('resident.report.uploading') : t('resident.report.addPhoto')}
            </Button>
          )}
          <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/webp" multiple style={{ display: 'none' }}
            data-testid="resident-photo-input" onChange={(event) => void addPhotos(event.target.files)} />
        </div>
      </Form.Item>

      <Form.Item>
        <div className="anonymous-row">
          <Switch checked={anonymous} onChange={setAnonymous} data-testid="anonymous-switch" /> <span>{t('resident.report.anonymous')}</span>
        </div>
        <div className="muted small">{anonymous ? t('resident.report.anonymousHint') : t('resident.report.contactHint')}</div>
      </Form.Item>
      {!anonymous && (
        <div className="contact-row">
          <Form.Item label={t('resident.report.contactName')}>
            <Input value={contactName} onChange={(event) => setContactName(event.target.value)} maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item label={t('resident.report.contactPhone')} validateStatus={errors.contactPhone ? 'error' : undefined} help={errors.contactPhone}>
            <Input value={contactPhone} onChange={(event) => setContactPhone(event.target.value)} maxLength={30} inputMode="tel" autoComplete="tel" />
          </Form.Item>
        </div>
      )}

      {nearby && nearby.length > 0 && (
        <div className="nearby-reports" data-testid="nearby-reports">
          <div className="nearby-title">{t('resident.report.nearbyTitle')}</div>
          <div className="muted small">{t('resident.report.nearbyHint')}</div>
          {nearby.map((report) => (
            <div className="nearby-item" key={report.trackingCode}>
              <div className="nearby-text">
                <Typography.Paragraph ellipsis={{ rows: 2 }} className="nearby-description">
                  {/* the public never reads another resident's own words: the dispatcher's summary, or the class */}
                  {report.publicSummary ?? categories.filter((item) => item.code === category).map((item) => (english ? item.nameEn : item.nameZh))[0] ?? ''}
                </Typography.Paragraph>
                <span className="muted small">
                  {t('resident.report.distance', { distance: report.distanceMetres })} · {report.reportedAt.slice(0, 10)} · {t('resident.report.supporters', { count: supported[report.trackingCode] ?? report.supporterCount })}
                </span>
              </div>
              <Button icon={<LikeOutlined />} disabled={supported[report.trackingCode] !== undefined} onClick={() => void meToo(report.trackingCode)}>
                {supported[report.trackingCode] !== undefined ? t('resident.report.meTooDone', { count: supported[report.trackingCode] }) : t('resident.report.meToo')}
              </Button>
            </div>
          ))}
          <Button block onClick={() => void send()} loading={submitting} data-testid="submit-anyway">{t('resident.report.stillSubmit')}</Button>
        </div>
      )}

      {problem && <Alert type="error" showIcon title={problem} className="inline-alert" />}
      {!(nearby && nearby.length > 0) && (
        <Button type="primary" size="large" block htmlType="submit" loading={submitting} disabled={uploading} data-testid="submit-report">
          {submitting ? t('resident.report.submitting') : t('resident.report.submit')}
        </Button>
      )}
    </Form>
  );
}

export function SubmittedView(props: { code: string; reporterKey: string; onTrack: () => void; onAnother: () => void }) {
  const { t } = useTranslation();
  const link = `${window.location.origin}${window.location.pathname}#/resident/track/${props.code}?key=${encodeURIComponent(props.reporterKey)}`;
  return (
    <Result status="success" title={t('resident.done.title')} data-testid="report-submitted"
      subTitle={(
        <div className="submitted-code">
          <div className="muted">{t('resident.done.code')}</div>
          <Typography.Text className="tracking-code" copyable={{ text: link, tooltips: [t('resident.done.copy'), t('resident.done.copied')] }} data-testid="tracking-code">
            {props.code}
          </Typography.Text>
          <div className="muted small">{t('resident.done.saveHint')}</div>
        </div>
      )}
      extra={[
        <Button type="primary" size="large" key="track" onClick={props.onTrack} data-testid="open-tracking">{t('resident.done.track')}</Button>,
        <Button size="large" key="another" onClick={props.onAnother}>{t('resident.done.another')}</Button>,
      ]} />
  );
}
