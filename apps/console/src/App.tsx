import { Alert, Button, ConfigProvider, Layout, Menu, Segmented, Space, Tag } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { AsOfControl } from './components/AsOfControl';
import { valueLabel } from './i18n';
import { navigate, useRoute } from './router';
import { Audit } from './screens/Audit';
import { FundOverview } from './screens/FundOverview';
import { HospitalYear } from './screens/HospitalYear';
import { Hospitals } from './screens/Hospitals';
import { SignIn } from './screens/SignIn';
import { useSession } from './session';

export function App() {
  const { lang, setLang, t, principal, signOut, asOf } = useSession();
  const route = useRoute();
  const selected = route.screen === 'hospital-year' ? 'hospitals' : route.screen;
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
          <span style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>{t('appTitle')}</span>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[selected]}
            style={{ flex: 1, minWidth: 0 }}
            onClick={({ key }) => navigate(`/${key}${window.location.search}`)}
            items={[
              { key: 'funds', label: t('funds') },
              { key: 'hospitals', label: t('hospitals') },
              { key: 'audit', label: t('audit') },
            ]}
          />
          {principal ? <AsOfControl /> : null}
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'English', value: 'en' }]} data-testid="lang" />
          {principal ? (
            <Space>
              <Tag color="geekblue" data-testid="principal">{principal.actor} · {valueLabel(lang, principal.role)}</Tag>
              <Button size="small" onClick={signOut}>{t('signOut')}</Button>
            </Space>
          ) : null}
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          {asOf ? <Alert type="warning" showIcon data-testid="as-of-banner" title={`${t('asOfActive')} ${asOf.value}`} description={t('asOfHint')} style={{ marginBottom: 16 }} /> : null}
          {principal?.role === 'auditor' ? <Tag style={{ marginBottom: 12 }}>{t('readOnly')}</Tag> : null}
          {principal ? <Screen /> : <SignIn />}
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}

function Screen() {
  const route = useRoute();
  switch (route.screen) {
    case 'funds':
      return <FundOverview route={route} />;
    case 'hospitals':
      return <Hospitals route={route} />;
    case 'hospital-year':
      return <HospitalYear params={route.params} />;
    case 'audit':
      return <Audit route={route} />;
  }
}
