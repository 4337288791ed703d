import { Progress, Select, Space, Table, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client';
import type { FundBalancesList, HospitalSummaryPage, HospitalSummaryRow } from '../api/types';
import { CommandButton } from '../components/CommandButton';
import { EmptyState, ProblemAlert, WARNING_BACKGROUNDS, WarningTag } from '../components/common';
import { shanghaiYear } from '../format/dates';
import { formatPercent, formatYuan } from '../format/money';
import { valueLabel } from '../i18n';
import { navigate, setQuery, type Route } from '../router';
import { asOfQuery, canWrite, useSession } from '../session';
import { YearSelect, allFunds } from './FundOverview';

const PAGE_SIZES = ['20', '50', '100', '200'];
const SORTABLE: Record<string, string> = { executionPercent: 'execution', projectedOverrunYuan: 'overrun', warning: 'warning' };

/** The progress bar's length only; the figure beside it is the API's string. */
const percentWidth = (value: string | null) => Math.max(0, Math.min(100, Number(value ?? 0)));

export function Hospitals({ route }: { route: Route }) {
  const { t, lang, asOf } = useSession();
  const year = Number(route.query.get('year') ?? shanghaiYear());
  const limit = Number(route.query.get('limit') ?? 50);
  const offset = Number(route.query.get('offset') ?? 0);
  const sortBy = route.query.get('sortBy') ?? undefined;
  const order = route.query.get('order') ?? 'desc';
  const funds = useQuery({ queryKey: ['fund-balances', year, asOf], queryFn: () => apiGet<FundBalancesList>('/fund-balances', { year, ...asOfQuery(asOf) }) });
  const fundId = route.query.get('fund') ?? allFunds(funds.data)[0]?.fundId;
  const page = useQuery({
    queryKey: ['hospital-summary', fundId, year, limit, offset, sortBy, order, asOf],
    enabled: fundId !== undefined,
    placeholderData: (previous) => previous,
    queryFn: () => apiGet<HospitalSummaryPage>('/hospital-budgets/summary', { fundId, year, limit, offset, sortBy, order, ...asOfQuery(asOf) }),
  });
  const yuan = (key: keyof HospitalSummaryRow, title: string) => ({ title: `${title}（元）`, key, align: 'right' as const, render: (_: unknown, row: HospitalSummaryRow) => formatYuan(row[key] as string | null) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Toolbar year={year} fundId={fundId} funds={funds.data} />
      <ProblemAlert error={funds.error ?? page.error} />
      {funds.data && allFunds(funds.data).length === 0 ? <EmptyState text={t('noFunds')} /> : null}
      {page.data && page.data.total === 0 ? <EmptyState text={t('noHospitals')} /> : null}
      {page.data && page.data.total > 0 ? (
        <Table<HospitalSummaryRow>
          data-testid="hospital-table"
          rowKey={(row) => `${row.fundId}.${row.payeeId}.${row.year}`}
          size="small"
          loading={page.isFetching}
          dataSource={page.data.items}
          onRow={(row) => ({ style: { background: WARNING_BACKGROUNDS[row.warning ?? ''] }, 'data-payee': row.payeeId }) as never}
          pagination={{ current: Math.floor(offset / limit) + 1, pageSize: limit, total: page.data.total, showSizeChanger: true, pageSizeOptions: PAGE_SIZES }}
          onChange={(pagination, _filters, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = one?.order ? SORTABLE[String(one.columnKey)] : undefined;
            const size = pagination.pageSize ?? limit;
            setQuery({ limit: String(size), offset: String(((pagination.current ?? 1) - 1) * size), sortBy: field, order: one?.order === 'ascend' ? 'asc' : 'desc' });
          }}
          columns={[
            { title: t('payee'), key: 'payee', render: (_: unknown, row) => <a data-testid={`open-${row.payeeId}`} onClick={() => navigate(`/hospitals/${row.fundId}/${row.payeeId}/${row.year}`)}>{row.payeeId}</a> },
            { title: t('status'), key: 'status', render: (_: unknown, row) => valueLabel(lang, row.status) },
            yuan('quotaYuan', t('quota')),
            yuan('approvedYuan', t('approved')),
            yuan('actualYuan', t('actual')),
            {
              title: `${t('execution')} / ${t('timeShare')}`,
              key: 'executionPercent',
              sorter: true,
              sortOrder: sortBy === 'execution' ? (order === 'asc' ? 'ascend' : 'descend') : null,
              render: (_: unknown, row) => (
                <Tooltip title={`${t('timeShare')} ${formatPercent(row.timeSharePercent)}`}>
                  <Space>
                    <span data-testid={`execution-${row.payeeId}`}>{formatPercent(row.executionPercent)}</span>
                    <span style={{ color: '#888' }}>/ {formatPercent(row.timeSharePercent)}</span>
                    <Progress percent={percentWidth(row.executionPercent)} success={{ percent: percentWidth(row.timeSharePercent) }} showInfo={false} size="small" style={{ width: 80 }} />
                  </Space>
                </Tooltip>
              ),
            },
            { ...yuan('projectedOverrunYuan', t('projectedOverrun')), sorter: true, sortOrder: sortBy === 'overrun' ? (order === 'asc' ? 'ascend' : 'descend') : null },
            { title: t('warning'), key: 'warning', sorter: true, sortOrder: sortBy === 'warning' ? (order === 'asc' ? 'ascend' : 'descend') : null, render: (_: unknown, row) => <WarningTag warning={row.warning} /> },
          ]}
        />
      ) : null}
    </Space>
  );
}

function Toolbar({ year, fundId, funds }: { year: number; fundId: string | undefined; funds: FundBalancesList | undefined }) {
  const { t, principal } = useSession();
  return (
    <Space wrap>
      <span>{t('year')}</span>
      <YearSelect year={year} />
      <span>{t('fund')}</span>
      <Select data-testid="fund-select" style={{ minWidth: 280 }} value={fundId} onChange={(value) => setQuery({ fund: value, offset: undefined })} options={allFunds(funds).map((f) => ({ value: f.fundId, label: `${f.fundId} ${f.name ?? ''}` }))} />
      {canWrite(principal, 'planning') && fundId ? <QuotaButton fundId={fundId} year={year} /> : null}
    </Space>
  );
}

function QuotaButton({ fundId, year }: { fundId: string; year: number }) {
  const { t } = useSession();
  return (
    <CommandButton
      label={t('setQuota')}
      testId="action-quota"
      path="/quotas"
      fixed={{ fundId, year, method: 'manual' }}
      fields={[
        { name: 'payeeId', label: t('payee'), kind: 'text' },
        { name: 'quotaYuan', label: 'quotaYuan', kind: 'yuan' },
        { name: 'effectiveDate', label: t('effectiveDate'), kind: 'date', required: false },
      ]}
    />
  );
}
