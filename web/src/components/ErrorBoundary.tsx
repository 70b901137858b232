import { Component, type ErrorInfo, type ReactNode } from 'react'
import i18n from '../i18n'

interface State {
  error: Error | null
}

/**
 * Catches a page that failed to render or to load its chunk (after a deployment replaced it)
 * and offers a reload instead of a blank screen. Plain markup: it must work when no chunk loads.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack)
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="duban-result" role="alert">
        <h2>{i18n.t('errors.loadFailed')}</h2>
        <p>{this.state.error.message}</p>
        <button
          type="button"
          className="duban-button duban-button-primary"
          onClick={() => window.location.reload()}
        >
          {i18n.t('errors.retry')}
        </button>
      </div>
    )
  }
}
