import { Card, Col, Row, Select, Space, Spin, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet } from '../api/client';
import type { FundBalances, FundBalancesList, FundMonth, FundSummary } from '../api/types';
import { CommandButton } from '../components/CommandButton';
import { EmptyState, ProblemAlert, WARNING_COLOURS, WarningTag } from '../components/common';
import { FundChart } from '../components/FundChart';
import { shanghaiYear } from '../format/dates';
import { formatPercent, formatYuan } from '../format/money';
import { setQuery, type Route } from '../router';
import { asOfQuery, canWrite, useSession } from '../session';

const YEARS_SHOWN = 6;

export function YearSelect({ year }: { year: number }) {
  const current = shanghaiYear();
  const years = Array.from({ length: YEARS_SHOWN }, (_, i) => current + 1 - i);
  return <Select data-testid="year-select" value={year} style={{ width: 100 }} onChange={(value) => setQuery({ year: String(value), offset: undefined })} options={years.map((y) => ({ value: y, label: String(y) }))} />;
}

export function allFunds(list: FundBalancesList | undefined): FundSummary[] {
  return list ? [...list.pooled, ...list.personal, ...list.other] : [];
}

export function FundOverview({ route }: { route: Route }) {
  const { t, lang, asOf, principal } = useSession();
  const year = Number(route.query.get('year') ?? shanghaiYear());
  const list = useQuery({ queryKey: ['fund-balances', year, asOf], queryFn: () => apiGet<FundBalancesList>('/fund-balances', { year, ...asOfQuery(asOf) }) });
  const funds = allFunds(list.data);
  const fundId = route.query.get('fund') ?? funds[0]?.fundId;
  const fund = useQuery({
    queryKey: ['fund-balances', fundId, year, asOf],
    enabled: fundId !== undefined,
    queryFn: () => apiGet<FundBalances>(`/fund-balances/${encodeURIComponent(fundId ?? '')}`, { year, ...asOfQuery(asOf) }),
  });
  const labels = useMemo(() => ({ income: t('income'), expenditure: t('expenditure'), balance: t('cumulativeBalance') }), [t]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <span>{t('year')}</span>
        <YearSelect year={year} />
        <span>{t('fund')}</span>
        <Select data-testid="fund-select" style={{ minWidth: 280 }} value={fundId} onChange={(value) => setQuery({ fund: value })} options={funds.map((f) => ({ value: f.fundId, label: `${f.fundId} ${f.name ?? ''}` }))} />
        {canWrite(principal, 'money') && fundId ? <ContributionButton fundId={fundId} year={year} /> : null}
      </Space>
      <ProblemAlert error={list.error ?? fund.error} />
      {list.isLoading ? <Spin /> : null}
      {list.data && funds.length === 0 ? <EmptyState text={t('noFunds')} /> : null}
      {fund.data ? <FundFigures fund={fund.data} /> : null}
      {fund.data ? (
        <Card>
          <FundChart months={fund.data.months} lang={lang} labels={labels} />
        </Card>
      ) : null}
      {fund.data ? <MonthsTable months={fund.data.months} /> : null}
    </Space>
  );
}

function FundFigures({ fund }: { fund: FundBalances }) {
  const { t } = useSession();
  const totals = fund.totals;
  const bandColour = (warning: string | null) => (warning ? { color: WARNING_COLOURS[warning] === 'orange' ? '#d46b08' : WARNING_COLOURS[warning] } : undefined);
  return (
    <Row gutter={16}>
      <Col span={5}><Card><Statistic title={`${t('income')}（元）`} value={formatYuan(totals.incomeYuan)} /></Card></Col>
      <Col span={5}><Card data-testid="total-expenditure"><Statistic title={`${t('expenditure')}（元）`} value={formatYuan(totals.expenditureYuan)} /></Card></Col>
      <Col span={5}><Card><Statistic title={`${t('closingBalance')}（元）`} value={formatYuan(totals.closingBalanceYuan)} /></Card></Col>
      <Col span={5}>
        <Card data-testid="months-covered" data-warning={totals.warning ?? ''}>
          <Statistic title={t('monthsCovered')} value={totals.monthsCovered ?? '—'} valueStyle={bandColour(totals.warning)} suffix={<WarningTag warning={totals.warning} />} />
        </Card>
      </Col>
      <Col span={4}>
        <Card><Statistic title={t('spendingRatio')} value={formatPercent(totals.expenditureToIncomePercent)} valueStyle={bandColour(totals.spendingWarning)} /></Card>
      </Col>
    </Row>
  );
}

function MonthsTable({ months }: { months: FundMonth[] }) {
  const { t } = useSession();
  const yuan = (key: keyof FundMonth, title: string) => ({
    title: `${title}（元）`,
    key,
    align: 'right' as const,
    render: (_: unknown, m: FundMonth) => <span data-testid={`month-${m.month}-${key}`}>{formatYuan(m[key] as string)}</span>,
  });
  return (
    <Table<FundMonth>
      data-testid="months-table"
      rowKey="month"
      size="small"
      pagination={false}
      dataSource={months}
      columns={[
        { title: t('month'), dataIndex: 'month' },
        yuan('incomeYuan', t('income')),
        yuan('expenditureYuan', t('expenditure')),
        yuan('cumulativeBalanceYuan', t('cumulativeBalance')),
        yuan('openReceivablesYuan', t('openReceivables')),
        { title: t('monthsCovered'), key: 'mc', align: 'right', render: (_: unknown, m: FundMonth) => <Space>{m.monthsCovered ?? '—'}<WarningTag warning={m.warning} /></Space> },
      ]}
    />
  );
}

function ContributionButton({ fundId, year }: { fundId: string; year: number }) {
  const { t } = useSession();
  return (
    <CommandButton
      label={t('recordContribution')}
      testId="action-contribution"
      path="/contributions"
      fixed={{ fundId }}
      fields={[
        { name: 'source', label: 'source', kind: 'select', options: ['individual', 'government_subsidy', 'assistance_paid', 'interest', 'other'] },
        { name: 'subsidyLevel', label: 'subsidyLevel', kind: 'select', options: ['central', 'provincial', 'municipal', 'district'], required: false },
        { name: 'amountYuan', label: 'amountYuan', kind: 'yuan' },
        { name: 'period', label: 'period (YYYY-MM)', kind: 'text', initial: `${year}-01` },
        { name: 'effectiveDate', label: t('effectiveDate'), kind: 'date', required: false },
      ]}
    />
  );
}
