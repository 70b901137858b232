import useModal, { type HookAPI } from 'antd/es/modal/useModal'
import { useEffect } from 'react'

/** antd's modal hook and its holder, mounted by FeedbackProvider when a page first asks for a dialog. */
export default function ModalHolder({ onReady }: { onReady: (api: HookAPI) => void }) {
  const [api, holder] = useModal()
  useEffect(() => onReady(api), [api, onReady])
  return holder
}
