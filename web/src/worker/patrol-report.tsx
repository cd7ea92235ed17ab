import { AimOutlined, CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Cascader, Form, Input, Result } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { territoryApi } from '../api/territory-api.ts';
import type { Category, IngestedIncident } from '../../../contract/incidents.ts';
import { casesApi, describeError } from '../api/cases-api.ts';
import { PhotoPicker } from '../desk/photo-picker.tsx';
import { GridMiniMap, type MapPoint } from './grid-mini-map.tsx';

function newIdempotencyKey(): string {
  return `patrol-${crypto.randomUUID()}`;
}

/**
 * "上报": what a worker found on patrol. The idempotency key is made when the form opens and kept
 * across retries, so a report sent twice on a flaky connection is still one case.
 */
export function PatrolReport(props: { grid: GeoJSON.Feature | null; onOpenCase: (id: number) => void; onReported: () => void }) {
  const { t, i18n } = useTranslation();
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryPath, setCategoryPath] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [location, setLocation] = useState<MapPoint | null>(null);
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reported, setReported] = useState<IngestedIncident | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    territoryApi.categories(abort.signal).then((answer) => setCategories(answer.categories), (failure: unknown) => {
      if (!abort.signal.aborted) setError(describeError(failure));
    });
    return () => abort.abort();
  }, []);

  const options = useMemo(() => {
    const name = (category: Category) => (i18n.language === 'en' ? category.nameEn : category.nameZh);
    return categories
      .filter((category) => category.majorCode === null)
      .map((major) => ({
        value: major.code,
        label: name(major),
        children: categories.filter((minor) => minor.majorCode === major.code).map((minor) => ({ value: minor.code, label: name(minor) })),
      }));
  }, [categories, i18n.language]);

  const locate = () => {
    if (!('geolocation' in navigator)) return setLocationError(t('worker.noGeolocation'));
    setLocating(true);
    setLocationError(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({ longitude: position.coords.longitude, latitude: position.coords.latitude });
        setLocating(false);
      },
      (failure) => {
        setLocationError(`${t('worker.geolocationFailed')} (${failure.message})`);
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };

  const categoryCode = categoryPath[1];
  const complete = Boolean(categoryCode && description.trim() && location);

  const submit = async () => {
    if (!categoryCode || !location) return;
    setSending(true);
    setError(null);
    try {
      const result = await casesApi.report({
        idempotencyKey, categoryCode, description: description.trim(), longitude: location.longitude, latitude: location.latitude,
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(photos.length > 0 ? { photos } : {}),
      });
      setReported(result);
      props.onReported();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSending(false);
    }
  };

  const startOver = () => {
    setReported(null);
    setCategoryPath([]);
    setDescription('');
    setAddress('');
    setPhotos([]);
    setLocation(null);
    setIdempotencyKey(newIdempotencyKey());
  };

  if (reported) {
    return (
      <Result status="success" icon={<CheckCircleFilled />} className="report-done" data-testid="report-done"
        title={t('worker.reported')}
        subTitle={<span>{t('worker.trackingCode')} <span className="mono" data-testid="reported-code">{reported.trackingCode}</span></span>}
        extra={[
          <Button key="open" type="primary" onClick={() => props.onOpenCase(reported.id)}>{t('worker.openReported')}</Button>,
          <Button key="again" onClick={startOver}>{t('worker.reportAnother')}</Button>,
        ]} />
    );
  }

  return (
    <Form layout="vertical" className="patrol-report" data-testid="patrol-report" onFinish={() => void submit()}>
      <Form.Item label={t('worker.category')} required>
        <div data-testid="report-category">
          <Cascader options={options} value={categoryPath} onChange={(value) => setCategoryPath((value ?? []) as string[])}
            placeholder={t('worker.categoryPlaceholder')} showSearch expandTrigger="click" />
        </div>
      </Form.Item>
      <Form.Item label={t('worker.description')} required>
        <Input.TextArea rows={3} maxLength={2000} showCount value={description} onChange={(event) => setDescription(event.target.value)}
          placeholder={t('worker.descriptionPlaceholder')} data-testid="report-description" />
      </Form.Item>
      <Form.Item label={t('worker.photo')}>
        <PhotoPicker names={photos} onChange={setPhotos} testId="report-photos" />
      </Form.Item>
      <Form.Item label={t('worker.location')} required extra={t('worker.locationHint')}>
        <div className="location-row">
          <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="report-locate">{t('worker.useMyLocation')}</Button>
          <span className={location ? 'location-value mono' : 'muted'} data-testid="report-location">
            {location ? `${location.longitude.toFixed(5)}, ${location.latitude.toFixed(5)}` : t('worker.noLocation')}
          </span>
        </div>
        {locationError && <Alert type="warning" showIcon title={locationError} className="inline-alert" />}
        <GridMiniMap grid={props.grid} picked={location} onTap={setLocation} height={200} testId="report-map" />
      </Form.Item>
      <Form.Item label={t('worker.address')}>
        <Input maxLength={300} value={address} onChange={(event) => setAddress(event.target.value)} placeholder={t('worker.addressPlaceholder')} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={t('worker.reportFailed')} description={error} className="inline-alert" data-testid="report-error" />}
      <Button type="primary" htmlType="submit" block size="large" loading={sending} disabled={!complete} data-testid="report-submit">
        {t('worker.submitReport')}
      </Button>
    </Form>
  );
}
