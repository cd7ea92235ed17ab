import { CameraOutlined, DeleteOutlined, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, describeError, photoUrl } from '../api/cases-api.ts';

/**
 * Take or choose photos; each is uploaded at once (the server strips EXIF/GPS and answers a
 * name), and the names go into the report or transition. `capture` opens the camera on phones.
 */
export function PhotoPicker(props: { names: string[]; onChange: (names: string[]) => void; max?: number; testId?: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const max = props.max ?? 3;

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setUploading(true);
    setError(null);
    try {
      const names = [...props.names];
      for (const file of Array.from(files).slice(0, max - names.length)) {
        names.push((await casesApi.uploadPhoto(file)).name);
      }
      props.onChange(names);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="photo-picker" data-testid={props.testId ?? 'photo-picker'}>
      <div className="photo-strip">
        {props.names.map((name) => (
          <div className="photo-thumb" key={name}>
            <img src={photoUrl(name)} alt="" />
            <button type="button" className="photo-remove" aria-label={t('cases.photoRemove')}
              onClick={() => props.onChange(props.names.filter((other) => other !== name))}><DeleteOutlined /></button>
          </div>
        ))}
        {props.names.length < max && (
          <Button className="photo-add" icon={uploading ? <LoadingOutlined /> : <CameraOutlined />} disabled={uploading}
            onClick={() => input.current?.click()}>
            {uploading ? t('cases.photoUploading') : t('cases.photoAdd')}
          </Button>
        )}
        <input ref={input} type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple style={{ display: 'none' }}
          data-testid="photo-input" onChange={(event) => void upload(event.target.files)} />
      </div>
      {error && <Alert type="error" showIcon title={error} className="inline-alert" />}
    </div>
  );
}
