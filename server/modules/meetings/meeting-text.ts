import { guardZip } from '../../plugins/zip-guard'
import mammoth from 'mammoth'
import { badRequest } from '../../errors'
import { MEETING_TEXT_MAX } from '../../../common/meetings'

/** The plain text of an uploaded meeting record: UTF-8 .txt (a BOM is dropped) or .docx. */
export async function readMeetingText(filename: string, buffer: Buffer): Promise<string> {
  const lower = filename.toLowerCase()
  let text: string
  if (lower.endsWith('.txt')) {
    text = new TextDecoder('utf-8', { fatal: false }).decode(buffer).replace(/^\uFEFF/, '')
    if (text.includes('\uFFFD'))
      throw badRequest('text_encoding', '文本不是 UTF-8 编码，请另存为 UTF-8 后上传')
  } else if (lower.endsWith('.docx')) {
    await guardZip(buffer)
    try {
      text = (await mammoth.extractRawText({ buffer })).value
    } catch {
      throw badRequest('docx_unreadable', '无法读取该 Word 文件，请确认是 .docx 格式')
    }
    text = text.replace(/\n{2,}/g, '\n')
  } else {
    throw badRequest('file_type_not_allowed', '请上传 .txt 或 .docx 格式的会议文本')
  }
  if (!text.trim()) throw badRequest('meeting_text_empty', '文件中没有文字')
  if (text.length > MEETING_TEXT_MAX)
    throw badRequest('text_too_long', `会议文本不能超过 ${MEETING_TEXT_MAX} 字`)
  return text
}
