// Every end-to-end test starts with a clean record of what its pages did; a failed one writes
// that record (API calls, script errors, the text on its screens) to test-results.
import fs from 'node:fs'
import path from 'node:path'
import { beforeEach } from 'vitest'
import { failureReport, resetActivity, RESULTS_DIR } from './harness'

beforeEach(({ task, onTestFailed }) => {
  resetActivity()
  onTestFailed(async () => {
    const report = await failureReport(`${task.file?.name ?? ''} > ${task.name}`)
    fs.mkdirSync(RESULTS_DIR, { recursive: true })
    fs.appendFileSync(path.join(RESULTS_DIR, 'e2e-failures.txt'), `${report}\n\n`)
  })
})
