import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-client.ts';

/** User name and password; staff layers (incidents, households, risks) appear once signed in. */
export function SignInDialog(props: { open: boolean; onClose: () => void; onSignIn: (username: string, password: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setFailure(null);
    try {
      await props.onSignIn(values.username.trim(), values.password);
      form.resetFields();
      props.onClose();
    } catch (error) {
      setFailure(error instanceof ApiError && error.code === 'unauthenticated' ? t('session.wrongCredentials') : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('session.signInTitle')}
      open={props.open}
      onCancel={props.onClose}
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
