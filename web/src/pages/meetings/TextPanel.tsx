import { EditOutlined, UploadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Col, Empty, Flex, Form, Input, Row, Space, Switch, Typography, Upload } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../../lib/errors'
import { meetingPatch, meetingsApi, type MeetingDetailDto } from './api'
import { MarkedText, meetingKeys } from './labels'
import { Panel } from '../../components/Panel'

export const TEXT_FILES = '.txt,.docx'
const TEXT_MAX = 200_000
const TEXT_STYLE = { whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: 15 } as const

/** The warning shown wherever the text has damaged runs the reader could not repair. */
export function FlagsWarning({ meeting }: { meeting: MeetingDetailDto }) {
  const { t } = useTranslation()
  if (!meeting.textFlags.length) return null
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="text-flags-warning"
      title={t('meetings.text.flagsWarning')}
      description={t('meetings.text.flagsDetail', { count: meeting.textFlags.length })}
      style={{ marginBottom: 12 }}
    />
  )
}

/** 会议文本: the text as read (normalized, damaged runs marked), beside the original on request. */
export function TextPanel({ meeting, manager }: { meeting: MeetingDetailDto; manager: boolean }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [compare, setCompare] = useState(false)
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)

  const stored = async (m: MeetingDetailDto) => {
    qc.setQueryData(meetingKeys.one(m.id), m)
    await qc.invalidateQueries({ queryKey: meetingKeys.directives(m.id) })
    await qc.invalidateQueries({ queryKey: meetingKeys.list })
  }

  const save = async ({ text }: { text: string }) => {
    setBusy(true)
    try {
      await stored(await meetingsApi.update(meeting.id, meetingPatch(meeting, { text: text ?? '' })))
      message.success(t('meetings.text.saved'))
      setEditing(false)
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(false)
    }
  }

  const upload = async (file: File) => {
    setBusy(true)
    try {
      await stored(await meetingsApi.uploadText(meeting.id, file))
      message.success(t('meetings.text.uploaded', { name: file.name }))
      setEditing(false)
    } catch (e) {
      message.error(t('meetings.text.uploadFailed', { name: file.name, message: errorText(e, t) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel
      data-testid="text-panel"
      title={t('meetings.text.title')}
      extra={
        <Space wrap>
          {meeting.sourceText && !editing && (
            <Space size={6}>
              <Switch
                checked={compare}
                onChange={setCompare}
                id="meeting-text-compare"
                data-testid="text-compare"
              />
              <label htmlFor="meeting-text-compare">{t('meetings.text.compare')}</label>
            </Space>
          )}
          {manager && !editing && (
            <>
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  setEditing(true)
                  setCompare(false)
                }}
                data-testid="text-edit"
              >
                {meeting.sourceText ? t('meetings.text.edit') : t('meetings.text.paste')}
              </Button>
              <Upload
                accept={TEXT_FILES}
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file)
                  return false
                }}
              >
                <Button icon={<UploadOutlined />} loading={busy} data-testid="text-upload">
                  {t('meetings.text.upload')}
                </Button>
              </Upload>
            </>
          )}
        </Space>
      }
    >
      {manager && (meeting.sourceText || editing) && (
        <Typography.Paragraph type="secondary">{t('meetings.text.replaceHint')}</Typography.Paragraph>
      )}
      {editing ? (
        <Form
          layout="vertical"
          onFinish={save}
          initialValues={{ text: meeting.sourceText }}
          data-testid="text-form"
        >
          <Form.Item name="text" label={t('meetings.text.source')} rules={[{ max: TEXT_MAX }]}>
            <Input.TextArea
              autoSize={{ minRows: 12, maxRows: 30 }}
              placeholder={t('meetings.text.pastePlaceholder')}
              data-testid="text-input"
              autoFocus
            />
          </Form.Item>
          <Flex justify="end" gap={8}>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="text-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Form>
      ) : !meeting.sourceText ? (
        <Empty description={t('meetings.text.none')} />
      ) : (
        <>
          <FlagsWarning meeting={meeting} />
          <Row gutter={16}>
            <Col span={compare ? 12 : 24}>
              {compare && <Typography.Title level={5}>{t('meetings.text.normalized')}</Typography.Title>}
              <div style={TEXT_STYLE} data-testid="text-normalized">
                <MarkedText text={meeting.text} flags={meeting.textFlags} />
              </div>
            </Col>
            {compare && (
              <Col span={12}>
                <Typography.Title level={5}>{t('meetings.text.source')}</Typography.Title>
                <div
                  style={{ ...TEXT_STYLE, background: '#fafafa', padding: 8, borderRadius: 4 }}
                  data-testid="text-source"
                >
                  {meeting.sourceText}
                </div>
              </Col>
            )}
          </Row>
        </>
      )}
    </Panel>
  )
}
