import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Flex } from 'antd'
import dayjs from 'dayjs'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { isApiError } from '../../api/client'
import { Loading } from '../../components/Loading'
import { errorText } from '../../lib/errors'
import { NotFoundPage } from '../ErrorPages'
import { tasksApi, type NoticeDto } from './api'
import './notice-print.css'
import { Result } from '../../components/LazyResult'

/** The supervision notice (督办单) as a printable document; urging notifications link here. */
export default function NoticePage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const notice = useQuery({
    queryKey: ['supervision-notices', id],
    queryFn: () => tasksApi.notice(id),
  })
  if (notice.isPending) return <Loading />
  if (notice.isError) {
    if (isApiError(notice.error) && notice.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(notice.error, t)} />
  }
  return <NoticeDocument notice={notice.data} />
}

function NoticeDocument({ notice }: { notice: NoticeDto }) {
  const { t } = useTranslation()
  const issued = dayjs(notice.issuedAt)
  const issuedOn = t('tasks.notice.date', {
    year: issued.year(),
    month: issued.month() + 1,
    day: issued.date(),
  })

  // The printed file is named after the notice.
  useEffect(() => {
    const before = document.title
    document.title = `${t('tasks.notice.heading')} ${notice.number}`
    return () => {
      document.title = before
    }
  }, [notice.number, t])

  return (
    <div data-testid="notice-page">
      <Flex justify="space-between" gap={8} wrap className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/tasks/${notice.taskId}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('tasks.notice.backToTask')}</Button>
        </Link>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="notice-print"
        >
          {t('tasks.notice.print')}
        </Button>
      </Flex>
      <article className="duban-notice" data-testid="notice">
        <h1 className="notice-title" data-testid="notice-title">
          {t('tasks.notice.heading')}
        </h1>
        <p className="notice-number" data-testid="notice-number">
          {notice.number}
        </p>
        <hr className="notice-rule" />
        <p className="notice-addressee" data-testid="notice-addressee">
          {notice.departmentName}：
        </p>
        <div className="notice-body">
          <p data-testid="notice-content">{notice.content}</p>
          <p data-testid="notice-due">
            {notice.dueDate
              ? t('tasks.notice.dueText', { date: notice.dueDate })
              : t('tasks.notice.noDueText')}
          </p>
        </div>
        <table className="notice-fields" data-testid="notice-fields">
          <tbody>
            <tr>
              <th scope="row">{t('tasks.notice.task')}</th>
              <td data-testid="notice-task">
                {notice.taskCode} {notice.taskTitle}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('tasks.notice.leader')}</th>
              <td>{notice.leaderName}</td>
            </tr>
            {notice.quarter !== null && (
              <tr>
                <th scope="row">{t('tasks.notice.quarter')}</th>
                <td>{t('tasks.quarterTab', { quarter: notice.quarter })}</td>
              </tr>
            )}
            <tr>
              <th scope="row">{t('tasks.notice.dueDate')}</th>
              <td>{notice.dueDate ?? '—'}</td>
            </tr>
          </tbody>
        </table>
        <div className="notice-sign" data-testid="notice-sign">
          <p>{t('tasks.notice.issuer')}</p>
          {notice.issuedByName && (
            <p>
              {t('tasks.notice.issuedBy')}：{notice.issuedByName}
            </p>
          )}
          <p>{issuedOn}</p>
        </div>
      </article>
    </div>
  )
}
