import fs from 'node:fs'
import path from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../db/database'
import type { UnitTable } from '../db/schema'

const DATA = path.join(import.meta.dirname, 'data')

function readCsv(file: string): string[][] {
  return fs
    .readFileSync(path.join(DATA, file), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')))
}

export const SUPREME_CODE = '000000'
export const XPCC_CODE = '660000'

/** 人民检察院 name of a region: 北京市 → 北京市人民检察院. */
function procuratorateName(region: string) {
  return `${region}人民检察院`
}

/**
 * The units every installation starts with: the supreme procuratorate, the 31 provincial
 * ones plus the Xinjiang Production and Construction Corps procuratorate, and (with
 * `municipal`) the procuratorates of prefecture-level cities.
 */
export function organizationUnits(opts: { municipal: boolean }): UnitTable[] {
  const now = new Date().toISOString()
  const supreme: UnitTable = {
    id: uuidv7(),
    code: SUPREME_CODE,
    name: '最高人民检察院',
    shortName: '最高检',
    level: 'supreme',
    parentId: null,
    regionCode: SUPREME_CODE,
    path: `/${SUPREME_CODE}/`,
    depth: 0,
    createdAt: now,
    updatedAt: now,
  }
  const units: UnitTable[] = [supreme]
  const provinces = new Map<string, UnitTable>()
  const rows = readCsv('provinces.csv').map(([code, name]) => [`${code}0000`, name])
  rows.push([XPCC_CODE, '新疆生产建设兵团'])
  rows.sort((a, b) => a[0].localeCompare(b[0]))
  for (const [code, region] of rows) {
    const u: UnitTable = {
      id: uuidv7(),
      code,
      name: procuratorateName(region),
      shortName: null,
      level: 'provincial',
      parentId: supreme.id,
      regionCode: code,
      path: `${supreme.path}${code}/`,
      depth: 1,
      createdAt: now,
      updatedAt: now,
    }
    provinces.set(code.slice(0, 2), u)
    units.push(u)
  }
  if (opts.municipal) {
    for (const [code, name, province] of readCsv('cities.csv')) {
      // Municipalities list their districts as 市辖区 and 县; those are not prefectures.
      if (name === '市辖区' || name === '县' || name.includes('直辖')) continue
      const parent = provinces.get(province)
      if (!parent) continue
      const full = `${code}00`
      units.push({
        id: uuidv7(),
        code: full,
        name: procuratorateName(name),
        shortName: null,
        level: 'municipal',
        parentId: parent.id,
        regionCode: full,
        path: `${parent.path}${full}/`,
        depth: 2,
        createdAt: now,
        updatedAt: now,
      })
    }
  }
  return units
}

export const SUPREME_DEPARTMENTS = [
  ['办公厅', '综合协调、文电、会务、督查督办'],
  ['巡视工作领导小组办公室', '系统内巡视的组织协调、巡视整改督促、成果运用'],
  ['第一检察厅', '普通犯罪检察'],
  ['第二检察厅', '重大犯罪检察'],
  ['第三检察厅', '职务犯罪检察'],
  ['第四检察厅', '经济犯罪检察'],
  ['第五检察厅', '刑事执行检察'],
  ['第六检察厅', '民事检察'],
  ['第七检察厅', '行政检察'],
  ['第八检察厅', '公益诉讼检察'],
  ['第九检察厅', '未成年人检察'],
  ['第十检察厅', '控告申诉检察'],
  ['法律政策研究室', '司法解释、指导性案例和典型案例的编发'],
  ['案件管理办公室', '案件管理、质量评查、检察业务数据'],
  ['政治部', '干部人事、队伍建设、教育培训'],
  ['检务督察局', '检务督察、执法监督'],
  ['机关党委', '机关党建、纪律作风'],
] as const

export const PROVINCIAL_DEPARTMENTS = [
  ['办公室', '综合协调、文电、督查督办'],
  ['政治部', '干部人事、队伍建设'],
  ['第一检察部', '普通犯罪检察'],
  ['第六检察部', '民事检察'],
  ['第七检察部', '行政检察'],
  ['第八检察部', '公益诉讼检察'],
  ['案件管理办公室', '案件管理、质量评查'],
] as const

/** Inserts units (and their departments) unless the supreme unit already exists. Returns whether it did. */
export async function seedOrganization(db: DB, opts: { municipal: boolean }): Promise<boolean> {
  const existing = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', SUPREME_CODE)
    .executeTakeFirst()
  if (existing) return false
  const units = organizationUnits(opts)
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < units.length; i += 100)
      await trx
        .insertInto('unit')
        .values(units.slice(i, i + 100))
        .execute()
    const now = new Date().toISOString()
    const departments = [
      ...SUPREME_DEPARTMENTS.map(([name, description], i) => ({
        unitId: units[0].id,
        name,
        description,
        sortOrder: i,
      })),
      ...units
        .filter((u) => u.level === 'provincial')
        .flatMap((u) =>
          PROVINCIAL_DEPARTMENTS.map(([name, description], i) => ({
            unitId: u.id,
            name,
            description,
            sortOrder: i,
          })),
        ),
    ].map((d) => ({ ...d, id: uuidv7(), createdAt: now, updatedAt: now }))
    for (let i = 0; i < departments.length; i += 100) {
      await trx
        .insertInto('department')
        .values(departments.slice(i, i + 100))
        .execute()
    }
  })
  return true
}
