import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Form, Input, Space, Tag, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { commonProblemsApi, unitsApi, type FindingDto } from '../../api/endpoints'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { FindingPicker } from '../../components/FindingPicker'
import { FormModal } from '../../components/FormModal'

/** The supreme procuratorate: its departments are the ones a common problem is assigned to. */
export function useSupremeUnit() {
  return useQuery({
    queryKey: ['units', { level: 'supreme' }],
    queryFn: () => unitsApi.list({ level: 'supreme', pageSize: 1 }),
    select: (page) => page.items[0] ?? null,
    staleTime: 5 * 60_000,
  })
}

interface CreateForm {
  title: string
  description?: string
  departmentId?: string | null
  findingIds?: string[]
}

/** 归并为共性问题: the chosen findings (or ones picked here) become one common problem. */
export function CommonProblemCreateModal({
  open,
  onClose,
  findings,
  onCreated,
  initialTitle,
}: {
  open: boolean
  onClose: () => void
  /** Findings already chosen (rows selected in the findings list); without them the office picks here. */
  findings?: Pick<FindingDto, 'id' | 'title' | 'unitName'>[]
  onCreated?: () => void
  /** A suggested title (a suggestion's findings share it). */
  initialTitle?: string
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const supreme = useSupremeUnit()
  const fixed = findings && findings.length > 0

  return (
    <FormModal<CreateForm>
      open={open}
      title={t('commonProblems.createTitle')}
      onClose={onClose}
      okText={t('commonProblems.create')}
      width={680}
      testId="common-problem-form"
      initialValues={{ title: initialTitle ?? (fixed ? findings[0].title : '') }}
      onSubmit={async (v) => {
        const p = await commonProblemsApi.create({
          title: v.title.trim(),
          description: v.description?.trim() || undefined,
          departmentId: v.departmentId ?? undefined,
          findingIds: fixed ? findings.map((f) => f.id) : (v.findingIds ?? []),
        })
        message.success(t('commonProblems.created'))
        await qc.invalidateQueries({ queryKey: ['common-problems'] })
        onCreated?.()
        navigate(`/rectification/common-problems/${p.id}`)
      }}
    >
      {fixed ? (
        <Form.Item label={t('commonProblems.findings')}>
          <Space orientation="vertical" size={4} data-testid="common-problem-selected">
            {findings.map((f) => (
              <Space key={f.id} size={4}>
                <Tag>{f.unitName}</Tag>
                <Typography.Text>{f.title}</Typography.Text>
              </Space>
            ))}
          </Space>
        </Form.Item>
      ) : (
        <Form.Item
          label={t('commonProblems.findings')}
          name="findingIds"
          rules={[
            { required: true, message: t('common.selectField', { field: t('commonProblems.findings') }) },
          ]}
        >
          <FindingPicker multiple aria-label={t('commonProblems.findings')} />
        </Form.Item>
      )}
      <Form.Item
        label={t('commonProblems.titleField')}
        name="title"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 200,
            message: t('common.requiredField', { field: t('commonProblems.titleField') }),
          },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('commonProblems.description')} name="description">
        <Input.TextArea rows={3} maxLength={10000} placeholder={t('commonProblems.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item
        label={t('commonProblems.department')}
        name="departmentId"
        extra={t('commonProblems.departmentHint')}
      >
        <DepartmentSelect unitId={supreme.data?.id} aria-label={t('commonProblems.department')} />
      </Form.Item>
    </FormModal>
  )
}
