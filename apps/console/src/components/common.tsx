import { Alert, Empty, Tag } from 'antd';
import { ApiProblem } from '../api/client';
import type { Warning } from '../api/types';
import { valueLabel } from '../i18n';
import { useSession } from '../session';

/** An API refusal as the person needs it: the problem's title, its stable code and the field at fault. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error.problem : { status: 0, title: 'Error', code: 'CLIENT_ERROR', detail: String(error) };
  const field = 'field' in problem && problem.field ? ` · field: ${problem.field}` : '';
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      title={`${problem.title} (${problem.code}${field})`}
      description={problem.detail}
      style={{ marginBottom: 16 }}
    />
  );
}

export const WARNING_COLOURS: Record<string, string> = { red: 'red', amber: 'orange', normal: 'green', excessive: 'blue', none: 'default' };

/** Row tints for the warning bands (the same colours as the tags). */
export const WARNING_BACKGROUNDS: Record<string, string> = { red: '#fff1f0', amber: '#fff7e6', excessive: '#e6f4ff' };

export function WarningTag({ warning }: { warning: Warning | undefined }) {
  const { lang } = useSession();
  if (!warning) return <Tag>—</Tag>;
  return (
    <Tag color={WARNING_COLOURS[warning] ?? 'default'} data-warning={warning}>
      {valueLabel(lang, warning)}
    </Tag>
  );
}

export function EmptyState({ text }: { text: string }) {
  return <Empty data-testid="empty-state" description={text} />;
}
