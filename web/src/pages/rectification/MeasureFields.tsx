import { Form, Input, Radio } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import type { CreateMeasureInput, MeasureDto, MeasureKind } from '../../api/endpoints'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { KIND_LIST } from './labels'
import { DateField } from '../../components/DateField'

export interface MeasureForm {
  content: string
  responsibleLeader: string
  departmentId?: string | null
  deadline: Dayjs
  kind: MeasureKind
}

export function measureInput(v: MeasureForm): Omit<CreateMeasureInput, 'findingId'> {
  return {
    content: v.content.trim(),
    responsibleLeader: v.responsibleLeader.trim(),
    departmentId: v.departmentId ?? null,
    deadline: v.deadline.format('YYYY-MM-DD'),
    kind: v.kind,
  }
}

export function measureForm(m: MeasureDto): MeasureForm {
  return {
    content: m.content,
    responsibleLeader: m.responsibleLeader,
    departmentId: m.departmentId,
    deadline: dayjs(m.deadline),
    kind: m.kind,
  }
}

/** A measure: what, the responsible leader and department (of the inspected unit), when, which kind. */
export function MeasureFields({ unitId }: { unitId: string }) {
  const { t } = useTranslation()
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.requiredField', { field }),
  })
  return (
    <>
      <Form.Item
        label={t('measures.content')}
        name="content"
        rules={[required(t('measures.content')), { max: 5000 }]}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount autoFocus />
      </Form.Item>
      <Form.Item
        label={t('measures.responsibleLeader')}
        name="responsibleLeader"
        rules={[required(t('measures.responsibleLeader')), { max: 100 }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('measures.department')} name="departmentId">
        <DepartmentSelect unitId={unitId} aria-label={t('measures.department')} />
      </Form.Item>
      <Form.Item
        label={t('measures.kind')}
        name="kind"
        rules={[{ required: true, message: t('common.selectField', { field: t('measures.kind') }) }]}
      >
        <Radio.Group
          optionType="button"
          options={KIND_LIST.map((k) => ({ value: k, label: t(`measureKinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        label={t('measures.deadline')}
        name="deadline"
        rules={[{ required: true, message: t('common.selectField', { field: t('measures.deadline') }) }]}
      >
        <DateField style={{ width: 200 }} />
      </Form.Item>
    </>
  )
}
