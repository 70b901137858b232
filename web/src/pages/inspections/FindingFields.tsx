import { SimilarWhileTyping } from '../../components/SimilarWhileTyping'
import { Form, Input, Select, Space, TreeSelect } from 'antd'
import { useTranslation } from 'react-i18next'
import type { FindingSource, Severity } from '../../../../common/inspections'
import { SEVERITY_LIST, SOURCE_LIST } from './labels'
import { categoryTreeData, useTaxonomy } from './taxonomy'

export interface FindingForm {
  title: string
  description: string
  personsMatters?: string
  categoryId: string
  severity: Severity
  source: FindingSource
}

/** The fields of a finding, for recording one and for editing a draft; similar findings elsewhere show as it is typed. */
export function FindingFields({ targetId, findingId }: { targetId?: string; findingId?: string } = {}) {
  const { t } = useTranslation()
  const taxonomy = useTaxonomy()
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.requiredField', { field }),
  })
  const select = (field: string) => ({ required: true, message: t('common.selectField', { field }) })
  return (
    <>
      <Form.Item label={t('findings.titleField')} name="title" rules={[required(t('findings.titleField'))]}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('findings.category')} name="categoryId" rules={[select(t('findings.category'))]}>
        <TreeSelect
          aria-label={t('findings.category')}
          treeData={categoryTreeData(taxonomy.tops, { activeOnly: true, leavesOnly: true })}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
        />
      </Form.Item>
      <Space size={16} wrap>
        <Form.Item label={t('findings.severity')} name="severity" rules={[select(t('findings.severity'))]}>
          <Select
            aria-label={t('findings.severity')}
            style={{ width: 160 }}
            options={SEVERITY_LIST.map((s) => ({ value: s, label: t(`severities.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('findings.source')} name="source" rules={[select(t('findings.source'))]}>
          <Select
            aria-label={t('findings.source')}
            style={{ width: 160 }}
            options={SOURCE_LIST.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item
        label={t('findings.description')}
        name="description"
        rules={[required(t('findings.description'))]}
      >
        <Input.TextArea rows={5} maxLength={20_000} />
      </Form.Item>
      <Form.Item label={t('findings.personsMatters')} name="personsMatters">
        <Input.TextArea rows={3} maxLength={20_000} />
      </Form.Item>
      <SimilarWhileTyping targetId={targetId} excludeId={findingId} />
    </>
  )
}

export function findingInput(v: FindingForm) {
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    personsMatters: v.personsMatters?.trim() ?? '',
    categoryId: v.categoryId,
    severity: v.severity,
    source: v.source,
  }
}
