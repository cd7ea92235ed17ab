import { AimOutlined, EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Input, Spin } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/cases-api.ts';
import type { AddressSuggestion, EstateAnswer, LookupResult } from '../../../contract/residents.ts';
import { residentApi } from '../api/resident-api.ts';

const MapPicker = lazy(() => import('./map-picker.tsx').then((module) => ({ default: module.MapPicker })));

export interface Place {
  label: string;
  /** true when the label names a building ("凤梅家园 3栋"), false for a located or tapped point */
  named: boolean;
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
  const [estates, setEstates] = useState<EstateAnswer[]>([]);
  const [searching, setSearching] = useState(false);
  const [noMatch, setNoMatch] = useState(false);
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const latest = useRef(0);
  // the label of a building just chosen: the box shows it, but it is not a new question
  const chosen = useRef<string | null>(null);

  useEffect(() => {
    const text = query.trim();
    setNoMatch(false);
    if (text.length === 0 || text === chosen.current) {
      setSuggestions([]);
      setEstates([]);
      return;
    }
    const abort = new AbortController();
    const call = ++latest.current;
    const timer = window.setTimeout(() => {
      setSearching(true);
      residentApi.addresses(text, abort.signal).then((answer) => {
        if (call !== latest.current) return;
        setSuggestions(answer.suggestions);
        setEstates(answer.estates);
        setNoMatch(answer.suggestions.length === 0 && answer.estates.length === 0);
      }, () => undefined).finally(() => {
        if (call === latest.current) setSearching(false);
      });
    }, 180);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  const resolve = async (label: string, lng: number, lat: number, named = false) => {
    setProblem(null);
    try {
      props.onPlace({ label, named, lng, lat, card: await residentApi.lookup(lng, lat) });
    } catch (failure) {
      setProblem(describeError(failure));
    }
  };

  const choose = (value: string) => {
    const suggestion = suggestions.find((item) => String(item.buildingId) === value);
    if (!suggestion) return;
    chosen.current = suggestion.label;
    setQuery(suggestion.label);
    void resolve(suggestion.label, suggestion.location.lng, suggestion.location.lat, true);
  };

  const chooseBuilding = (label: string, location: { lng: number; lat: number }) => {
    chosen.current = label;
    setQuery(label);
    void resolve(label, location.lng, location.lat, true);
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
        void resolve(t('resident.find.myLocation'), lng, lat);
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
      {estates.length > 0 && <EstatePicker estates={estates} onChoose={chooseBuilding} />}
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
              onPick={(lng, lat) => void resolve(t('resident.find.pickedPoint'), lng, lat)} />
          </Suspense>
        </>
      )}
      {problem && <Alert type="warning" showIcon title={problem} />}
    </div>
  );
}

/**
 * An estate named without a building number: every grid it spans, with that grid's worker and
 * its buildings, so the resident picks their own building instead of a silent subset.
 */
function EstatePicker(props: { estates: EstateAnswer[]; onChoose: (label: string, location: { lng: number; lat: number }) => void }) {
  const { t } = useTranslation();
  return (
    <div className="estate-picker" data-testid="estate-picker">
      {props.estates.map((estate) => (
        <section key={estate.name} className="estate-answer" data-estate={estate.name}>
          <div className="estate-title">
            <b>{estate.name}</b>
            <span className="muted small"> {t('resident.find.estateSpan', { count: estate.grids.length, buildings: estate.buildingCount })}</span>
          </div>
          <div className="muted small">{t('resident.find.estatePick')}</div>
          {estate.grids.map((group) => (
            <div key={group.grid?.code ?? 'none'} className="estate-grid" data-testid="estate-grid" data-grid-code={group.grid?.code ?? ''}>
              <div className="estate-grid-head">
                <span>{group.grid ? group.grid.name : t('resident.find.estateNoGrid')}</span>
                <span className="muted small">
                  {group.worker ? t('resident.find.estateWorker', { name: group.worker.name }) : group.grid ? t('resident.card.vacant') : ''}
                </span>
              </div>
              <div className="estate-buildings">
                {group.buildings.map((building) => (
                  <Button key={building.buildingId} size="small" data-testid="estate-building" data-number={building.number}
                    onClick={() => props.onChoose(building.label, building.location)}>
                    {t('resident.find.buildingNumber', { number: building.number })}
                  </Button>
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
