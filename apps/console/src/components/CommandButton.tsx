import { Button, Form, Input, InputNumber, Modal, Select, message } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiCommand } from '../api/client';
import { useSession } from '../session';
import { ProblemAlert } from './common';

export interface CommandField {
  name: string;
  label: string;
  kind: 'text' | 'yuan' | 'int' | 'date' | 'select';
  options?: string[];
  required?: boolean;
  initial?: string | number;
}

const YUAN = /^\d{1,13}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A write action: a button that opens a form and sends one command (a fresh commandId each time). Only
 * rendered for roles that may write (the API refuses the others anyway), and off while time travelling:
 * the past is read-only. Amounts are typed and sent as decimal strings, never parsed into numbers.
 */
export function CommandButton(props: { label: string; path: string; fields: CommandField[]; fixed: Record<string, unknown>; testId: string }) {
  const { t, asOf } = useSession();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Record<string, string | number>>();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: Record<string, string | number>) => apiCommand(props.path, { ...props.fixed, ...clean(values) }),
    onSuccess: async () => {
      void message.success(t('saved'));
      setOpen(false);
      form.resetFields();
      await client.invalidateQueries();
    },
  });
  return (
    <>
      <Button type="primary" data-testid={props.testId} data-write-action="true" disabled={asOf !== undefined} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal title={props.label} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('submit')} cancelText={t('cancel')} confirmLoading={mutation.isPending} destroyOnHidden>
        <ProblemAlert error={mutation.error} />
        <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} initialValues={initialValues(props.fields)}>
          {props.fields.map((field) => (
            <Form.Item key={field.name} name={field.name} label={field.label} rules={rulesOf(field)}>
              {inputOf(field)}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}

function rulesOf(field: CommandField) {
  const rules: Array<{ required?: boolean; pattern?: RegExp; message?: string }> = [];
  if (field.required !== false) rules.push({ required: true });
  if (field.kind === 'yuan') rules.push({ pattern: YUAN, message: '0.00' });
  if (field.kind === 'date') rules.push({ pattern: DATE, message: 'YYYY-MM-DD' });
  return rules;
}

function inputOf(field: CommandField) {
  switch (field.kind) {
    case 'select':
      return <Select options={(field.options ?? []).map((value) => ({ value, label: value }))} />;
    case 'int':
      return <InputNumber precision={0} style={{ width: '100%' }} />;
    case 'date':
      return <Input placeholder="YYYY-MM-DD" />;
    case 'yuan':
      return <Input placeholder="0.00" suffix="元" inputMode="decimal" />;
    case 'text':
      return <Input />;
  }
}

function initialValues(fields: CommandField[]): Record<string, string | number> {
  return Object.fromEntries(fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial as string | number]));
}

/** Empty optional fields are left out of the body (the API refuses null where it means "absent"). */
function clean(values: Record<string, string | number | undefined>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string | number>;
}
