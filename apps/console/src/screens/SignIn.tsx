import { Alert, Button, Card, Divider, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { apiRequest } from '../api/client';
import { ProblemAlert } from '../components/common';
import { valueLabel } from '../i18n';
import { useSession, type Role } from '../session';

const ROLES: Role[] = ['finance', 'planner', 'auditor', 'admin'];

/**
 * Sign-in: paste a bearer token (production: from the identity provider or `npm run token`), or, on a
 * development service, mint one for a role through POST /dev/tokens (absent in production: the card says so).
 */
export function SignIn() {
  const { t, lang, signIn } = useSession();
  const [token, setToken] = useState('');
  const [role, setRole] = useState<Role>('finance');
  const [actor, setActor] = useState('zhang.san');
  const [error, setError] = useState<unknown>(undefined);
  const [local, setLocal] = useState<string | undefined>(undefined);
  const mint = async () => {
    setError(undefined);
    try {
      const answer = await apiRequest<{ token: string }>('POST', '/dev/tokens', { role, actor });
      setLocal(signIn(answer.token));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card title={t('signIn')} style={{ maxWidth: 560, margin: '48px auto' }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea data-testid="token-input" rows={3} placeholder={t('pasteToken')} value={token} onChange={(e) => setToken(e.target.value)} />
        <Button type="primary" data-testid="token-sign-in" onClick={() => setLocal(signIn(token))}>{t('signIn')}</Button>
        {local ? <Alert type="error" title={local} /> : null}
        <Divider>{t('devToken')}</Divider>
        <Space wrap>
          <span>{t('role')}</span>
          <Select data-testid="dev-role" value={role} onChange={setRole} style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: valueLabel(lang, r) }))} />
          <span>{t('actor')}</span>
          <Input data-testid="dev-actor" value={actor} onChange={(e) => setActor(e.target.value)} style={{ width: 160 }} />
          <Button data-testid="dev-mint" onClick={() => void mint()}>{t('mint')}</Button>
        </Space>
        <ProblemAlert error={error} />
      </Space>
    </Card>
  );
}
