import { AimOutlined, EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Input, Spin } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/http-client.ts';
import type { AddressSuggestion, LookupResult } from '../../../contract/residents.ts';
import { residentApi } from '../api/resident-api.ts';

const MapPicker = lazy(() => import('./map-picker.tsx').then((module) => ({ default: module.MapPicker })));

export interface Place {
  label: string;
  lng: number;
  lat: number;
  card: LookupResult;
}

/**
 * Three ways to say where you are: type the address (ranked suggestions as you type, tolerant of
 * missing parts and typos), let the browser locate you, or tap the map.
 */
export function PlaceFinder(props: { place: Place | null; onPlace: (place: Place) => void; compact?: boolean }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [suggestions, setSuggestions] = useState<AddressSuggestion[]>([]);
  const [searching, setSearching] = useState(false);
  const [noMatch, setNoMatch] = useState(false);
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const text = query.trim();
    setNoMatch(false);
    if (text.length === 0) {
      setSuggestions([]);
      return;
    }
    const abort = new AbortController();
    const call = ++latest.current;
    const timer = window.setTimeout(() => {
      setSearching(true);
      residentApi.addresses(text, abort.signal).then((answer) => {
        if (call !== latest.current) return;
        setSuggestions(answer.suggestions);
        setNoMatch(answer.suggestions.length === 0);
      }, () => undefined).finally(() => {
        if (call === latest.current) setSearching(false);
      });
    }, 180);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  const resolve = async (label: string, lng: number, lat: number) => {
    setProblem(null);
    try {
      props.onPlace({ label, lng, lat, card: await residentApi.lookup(lng, lat) });
    } catch (failure) {
      setProblem(describeError(failure));
    }
  };

  const choose = (value: string) => {
    const suggestion = suggestions.find((item) => String(item.buildingId) === value);
    if (!suggestion) return;
    setQuery(suggestion.label);
    void resolve(suggestion.label, suggestion.location.lng, suggestion.location.lat);
  };

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem(t('resident.find.locationDenied', { reason: 'unsupported' }));
      return;
    }
    setLocating(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        const lng = Number(position.coords.longitude.toFixed(6));
        const lat = Number(position.coords.latitude.toFixed(6));
        void resolve(`${t('resident.find.useLocation')} (${lng.toFixed(5)}, ${lat.toFixed(5)})`, lng, lat);
      },
      (error) => {
        setLocating(false);
        setProblem(t('resident.find.locationDenied', { reason: error.message || String(error.code) }));
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="place-finder">
      <AutoComplete
        className="address-search"
        value={query}
        onChange={setQuery}
        onSelect={choose}
        options={suggestions.map((item) => ({
          value: String(item.buildingId),
          label: (
            <div className="address-option" data-testid="address-option">
              <span>{item.label}</span>
              {item.community && <span className="muted small"> · {item.community.name}{item.grid ? ` · ${item.grid.name}` : ''}</span>}
            </div>
          ),
        }))}
        popupMatchSelectWidth
      >
        <Input size="large" allowClear prefix={<SearchOutlined />} suffix={searching ? <Spin size="small" /> : null}
          placeholder={t('resident.find.placeholder')} aria-label={t('resident.find.placeholder')} data-testid="address-input" />
      </AutoComplete>
      {!props.compact && <div className="muted small">{t('resident.find.hint')}</div>}
      {noMatch && !searching && <Alert type="info" showIcon title={t('resident.find.noMatch', { query: query.trim() })} />}
      <div className="place-buttons">
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="use-location">
          {locating ? t('resident.find.locating') : t('resident.find.useLocation')}
        </Button>
        <Button icon={<EnvironmentOutlined />} type={mapOpen ? 'primary' : 'default'} onClick={() => setMapOpen(!mapOpen)} data-testid="pick-on-map">
          {t('resident.find.pickOnMap')}
        </Button>
      </div>
      {mapOpen && (
        <>
          <div className="muted small">{t('resident.find.mapHint')}</div>
          <Suspense fallback={<div className="resident-map"><Spin /></div>}>
            <MapPicker value={props.place ? { lng: props.place.lng, lat: props.place.lat } : null}
              onPick={(lng, lat) => void resolve(`${lng.toFixed(5)}, ${lat.toFixed(5)}`, lng, lat)} />
          </Suspense>
        </>
      )}
      {problem && <Alert type="warning" showIcon title={problem} />}
    </div>
  );
}
