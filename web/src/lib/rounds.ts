/**
 * A round picker's options. Each procuratorate numbers its own rounds (“2026年第一轮”), so a
 * person who sees the rounds of several organizers meets the same name many times: a name
 * that rounds of more than one organizer share carries its organizer.
 */
export function roundOptions(rounds: readonly { id: string; name: string; organizerUnitName: string }[]) {
  const organizers = new Map<string, Set<string>>()
  for (const r of rounds) {
    const set = organizers.get(r.name) ?? organizers.set(r.name, new Set()).get(r.name)!
    set.add(r.organizerUnitName)
  }
  return rounds.map((r) => ({
    value: r.id,
    label: organizers.get(r.name)!.size > 1 ? `${r.name}（${r.organizerUnitName}）` : r.name,
  }))
}
