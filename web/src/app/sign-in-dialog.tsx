import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../api/http-client.ts';
import { useSession } from './session.tsx';

/** User name and password; staff layers (incidents, households, risks) appear once signed in. */
export default function SignInDialog() {
  const { t } = useTranslation();
  const { signIn, signInOpen, closeSignIn } = useSession();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setFailure(null);
    try {
      await signIn(values.username.trim(), values.password);
      form.resetFields();
      closeSignIn();
    } catch (error) {
      setFailure(error instanceof ApiError && (error.code === 'wrong_credentials' || error.code === 'unauthenticated') ? t('session.wrongCredentials') : describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('session.signInTitle')}
      open={signInOpen}
      onCancel={closeSignIn}
      onOk={() => void submit()}
      okText={t('session.signIn')}
      confirmLoading={busy}
      destroyOnHidden
      width={360}
    >
      <p className="muted">{t('session.signInHint')}</p>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item name="username" label={t('session.username')} rules={[{ required: true, message: t('session.required') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="sign-in-username" />
        </Form.Item>
        <Form.Item name="password" label={t('session.password')} rules={[{ required: true, message: t('session.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="sign-in-password" onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}
