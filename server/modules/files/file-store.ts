import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform, type Readable } from 'node:stream'

/**
 * Content-addressed storage under DATA_DIR/files: a file's path is its SHA-256, so the same
 * bytes are stored once and nothing is ever overwritten with other content.
 */
export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad digest')
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
  }

  /** Streams into a temporary file while computing SHA-256 and SM3; nothing is final yet. */
  async receive(source: Readable): Promise<{ tmp: string; sha256: string; sm3: string; size: number }> {
    const tmpDir = path.join(this.root, 'tmp')
    await fs.promises.mkdir(tmpDir, { recursive: true })
    const tmp = path.join(tmpDir, crypto.randomUUID())
    const sha = crypto.createHash('sha256')
    const sm3 = crypto.createHash('sm3')
    let size = 0
    const digest = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        sha.update(chunk)
        sm3.update(chunk)
        size += chunk.length
        cb(null, chunk)
      },
    })
    try {
      await pipeline(source, digest, fs.createWriteStream(tmp, { flags: 'wx' }))
    } catch (err) {
      await fs.promises.rm(tmp, { force: true })
      throw err
    }
    return { tmp, sha256: sha.digest('hex'), sm3: sm3.digest('hex'), size }
  }

  /** Moves a received file to its content address (atomic rename; an existing copy is kept). */
  async keep(tmp: string, sha256: string) {
    const dest = this.pathOf(sha256)
    await fs.promises.mkdir(path.dirname(dest), { recursive: true })
    if (fs.existsSync(dest)) {
      await fs.promises.rm(tmp, { force: true })
      return dest
    }
    await fs.promises.rename(tmp, dest)
    return dest
  }

  async discard(tmp: string) {
    await fs.promises.rm(tmp, { force: true })
  }

  open(sha256: string) {
    return fs.createReadStream(this.pathOf(sha256))
  }
}
