// What antd's <App> gave every page (App.useApp(): message, modal), without loading the modal,
// the notifications and the skeleton they bring with every page: messages are small and shown
// often; the confirmation dialog loads the first time a page asks for one.
import type { ModalFuncProps } from 'antd'
import type { MessageInstance } from 'antd/es/message/interface'
import useMessage from 'antd/es/message/useMessage'
import type { HookAPI } from 'antd/es/modal/useModal'
import { createContext, lazy, Suspense, useContext, useMemo, useRef, useState, type ReactNode } from 'react'
import '../styles/feedback.css'

const ModalHolder = lazy(() => import('./ModalHolder'))

type ModalKind = 'confirm' | 'info' | 'success' | 'warning' | 'error'

/** antd's modal functions; each settles as antd's do (a confirmation: true on OK, false on cancel). */
export type ModalApi = Record<ModalKind, (config: ModalFuncProps) => Promise<boolean>>

interface Feedback {
  message: MessageInstance
  modal: ModalApi
}

const FeedbackContext = createContext<Feedback | null>(null)

/** Messages and dialogs for the signed-in pages (in place of antd's App.useApp()). */
export function useFeedback(): Feedback {
  const value = useContext(FeedbackContext)
  if (!value) throw new Error('useFeedback outside FeedbackProvider')
  return value
}

/** The root of the signed-in app: antd App's base text style, its message holder, and a lazy modal holder. */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [message, messageHolder] = useMessage()
  const [modalWanted, setModalWanted] = useState(false)
  const modalApi = useRef<HookAPI | null>(null)
  const waiting = useRef<((api: HookAPI) => void)[]>([])

  const value = useMemo<Feedback>(() => {
    const withModal = () =>
      new Promise<HookAPI>((resolve) => {
        if (modalApi.current) return resolve(modalApi.current)
        waiting.current.push(resolve)
        setModalWanted(true)
      })
    const call = (kind: ModalKind) => async (config: ModalFuncProps) =>
      Boolean(await (await withModal())[kind](config))
    return {
      message,
      modal: {
        confirm: call('confirm'),
        info: call('info'),
        success: call('success'),
        warning: call('warning'),
        error: call('error'),
      },
    }
  }, [message])

  return (
    <FeedbackContext.Provider value={value}>
      <div className="duban-app">
        {messageHolder}
        {modalWanted && (
          <Suspense fallback={null}>
            <ModalHolder
              onReady={(api) => {
                modalApi.current = api
                for (const resolve of waiting.current.splice(0)) resolve(api)
              }}
            />
          </Suspense>
        )}
        {children}
      </div>
    </FeedbackContext.Provider>
  )
}
