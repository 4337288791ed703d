import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client';
import type { EventPage, HospitalProjection, HospitalYear as HospitalYearView, RecordedEvent } from '../api/types';
import { CommandButton } from '../components/CommandButton';
import { EventCard, FieldsView } from '../components/EventCard';
import { ProblemAlert, WarningTag } from '../components/common';
import { formatPercent, formatYuan } from '../format/money';
import { navigate } from '../router';
import { asOfQuery, canWrite, useSession } from '../session';

/** A hospital-year's stream is short (closed by its year-end settlement): one page of the API's maximum holds it. */
const EVENTS_LIMIT = 1000;

export function HospitalYear({ params }: { params: string[] }) {
  const { t, asOf, principal } = useSession();
  const [fundId = '', payeeId = '', yearText = ''] = params;
  const base = `/hospital-budgets/${encodeURIComponent(fundId)}/${encodeURIComponent(payeeId)}/${encodeURIComponent(yearText)}`;
  // The read model answers asOf (a time or a position) with the position it folded to; the write model's
  // view and the timeline are then cut at that same position, so the whole page shows one point in time.
  const projection = useQuery({ queryKey: ['hospital-projection', base, asOf], queryFn: () => apiGet<HospitalProjection>(`${base}/projection`, asOfQuery(asOf)) });
  const cut = asOf ? projection.data?.position : undefined;
  const view = useQuery({
    queryKey: ['hospital-year', base, cut],
    enabled: !asOf || cut !== undefined,
    queryFn: () => apiGet<HospitalYearView>(base, cut ? { asOfPosition: cut } : {}),
  });
  const events = useQuery({ queryKey: ['hospital-events', base], queryFn: () => apiGet<EventPage>(`${base}/events`, { limit: EVENTS_LIMIT }) });
  const shown = (events.data?.events ?? []).filter((e) => cut === undefined || BigInt(e.position) <= BigInt(cut));
  const execution = projection.data?.execution;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Button onClick={() => navigate(`/hospitals?fund=${encodeURIComponent(fundId)}&year=${encodeURIComponent(yearText)}`)}>{t('back')}</Button>
        <h2 style={{ margin: 0 }}>{payeeId} · {fundId} · {yearText}</h2>
        {canWrite(principal, 'money') ? <PrepaymentButton fundId={fundId} payeeId={payeeId} year={Number(yearText)} /> : null}
      </Space>
      <ProblemAlert error={projection.error ?? view.error ?? events.error} />
      <Row gutter={16}>
        <Col span={6}><Card><Statistic title={`${t('quota')}（元）`} value={formatYuan(execution?.quotaYuan)} /></Card></Col>
        <Col span={6}><Card><Statistic title={`${t('actual')}（元）`} value={formatYuan(view.data?.actualYuan)} /></Card></Col>
        <Col span={6}>
          <Card data-testid="hospital-execution"><Statistic title={`${t('execution')} / ${t('timeShare')}`} value={`${formatPercent(execution?.executionPercent)} / ${formatPercent(execution?.timeSharePercent)}`} /></Card>
        </Col>
        <Col span={6}><Card><Statistic title={t('warning')} valueRender={() => <WarningTag warning={execution?.warning} />} /></Card></Col>
      </Row>
      {view.data ? <Card title={t('quota')} size="small"><FieldsView value={view.data.quota} /></Card> : null}
      <Card title={t('settlementsTitle')} size="small"><SettlementsTable events={shown} /></Card>
      <Card title={t('yearEnd')} size="small">{view.data?.yearEnd ? <FieldsView value={view.data.yearEnd} /> : <Empty description={t('notSettledYet')} />}</Card>
      <Card title={`${t('timeline')} (${shown.length})`} size="small">
        <Timeline items={shown.map((event, i) => ({ key: event.id, children: <EventCard event={event} previous={shown[i - 1]} /> }))} />
      </Card>
    </Space>
  );
}

function SettlementsTable({ events }: { events: RecordedEvent[] }) {
  const { t } = useSession();
  const rows = events.filter((e) => e.type === 'MonthlySettlementPosted').map((e) => ({ ...e.data, position: e.position }));
  const yuan = (key: string) => ({ title: `${key}（元）`, key, align: 'right' as const, render: (_: unknown, row: Record<string, unknown>) => formatYuan(row[key] as string | undefined) });
  return (
    <Table<Record<string, unknown>>
      data-testid="settlements-table"
      size="small"
      pagination={false}
      rowKey={(row) => String(row['position'])}
      dataSource={rows}
      columns={[
        { title: t('month'), dataIndex: 'month' },
        { title: t('effectiveDate'), dataIndex: 'effectiveDate' },
        yuan('claimedYuan'),
        yuan('refusedYuan'),
        yuan('approvedYuan'),
        yuan('prepaidOffsetYuan'),
        yuan('receivableOffsetYuan'),
        yuan('netPaymentYuan'),
      ]}
    />
  );
}

function PrepaymentButton({ fundId, payeeId, year }: { fundId: string; payeeId: string; year: number }) {
  const { t } = useSession();
  return (
    <CommandButton
      label={t('recordPrepayment')}
      testId="action-prepayment"
      path="/prepayments"
      fixed={{ fundId, payeeId, year }}
      fields={[
        { name: 'month', label: t('month'), kind: 'int' },
        { name: 'grossYuan', label: 'grossYuan', kind: 'yuan' },
        { name: 'effectiveDate', label: t('effectiveDate'), kind: 'date', required: false },
      ]}
    />
  );
}
