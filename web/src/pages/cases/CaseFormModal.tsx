import { useQueryClient } from '@tanstack/react-query'
import { Col, Form, Input, Radio, Row, Select } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { casesApi, type CaseDto, type CaseFieldsInput } from './api'
import { caseKeys, DOMAIN_LIST, KIND_LIST } from './labels'

interface Props {
  /** The case being edited, or null for a new one. */
  editing: CaseDto | null
  open: boolean
  onClose: () => void
  onSaved?: (c: CaseDto) => void
}

/** Creates or edits a case: its kind and domain, title, keywords and related laws as tags, and the four sections. */
export function CaseFormModal({ editing, open, onClose, onSaved }: Props) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const f = (name: string) => t(`cases.fields.${name}`)
  const required = (name: string) => [
    { required: true, whitespace: true, message: t('common.requiredField', { field: f(name) }) },
  ]

  const submit = async (values: CaseFieldsInput) => {
    const saved = editing ? await casesApi.update(editing.id, values) : await casesApi.create(values)
    qc.setQueryData(caseKeys.one(saved.id), saved)
    await qc.invalidateQueries({ queryKey: caseKeys.all })
    message.success(editing ? t('common.saved') : t('cases.manage.created'))
    onSaved?.(saved)
  }

  const tags = (name: 'keywords' | 'relatedLaws', max: number) => (
    <Select
      mode="tags"
      aria-label={f(name)}
      placeholder={t('cases.manage.tagsHint')}
      tokenSeparators={[',', '，', '、']}
      maxCount={max}
      suffixIcon={null}
      notFoundContent={null}
      data-testid={`case-form-${name}`}
    />
  )

  return (
    <FormModal<CaseFieldsInput>
      open={open}
      onClose={onClose}
      width={860}
      title={editing ? t('cases.manage.editTitle', { title: editing.title }) : t('cases.manage.create')}
      testId="case-form"
      initialValues={
        editing
          ? {
              kind: editing.kind,
              domain: editing.domain,
              title: editing.title,
              keywords: editing.keywords,
              relatedLaws: editing.relatedLaws,
              gist: editing.gist,
              facts: editing.facts,
              procuratorialWork: editing.procuratorialWork,
              significance: editing.significance,
            }
          : { kind: 'guiding', domain: 'criminal', keywords: [], relatedLaws: [] }
      }
      onSubmit={submit}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={f('kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={KIND_LIST.map((k) => ({ value: k, label: t(`cases.kinds.${k}`) }))}
              data-testid="case-form-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="domain" label={f('domain')} rules={[{ required: true }]}>
            <Select
              aria-label={f('domain')}
              options={DOMAIN_LIST.map((d) => ({ value: d, label: t(`cases.domains.${d}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={f('title')} rules={required('title')}>
        <Input maxLength={200} showCount data-testid="case-form-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="keywords" label={f('keywords')}>
            {tags('keywords', 10)}
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="relatedLaws" label={f('relatedLaws')}>
            {tags('relatedLaws', 20)}
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="gist" label={f('gist')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="case-form-gist" />
      </Form.Item>
      <Form.Item name="facts" label={f('facts')}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={20000}
          data-testid="case-form-facts"
        />
      </Form.Item>
      <Form.Item name="procuratorialWork" label={f('procuratorialWork')}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={20000}
          data-testid="case-form-work"
        />
      </Form.Item>
      <Form.Item name="significance" label={f('significance')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={10000}
          data-testid="case-form-significance"
        />
      </Form.Item>
    </FormModal>
  )
}
