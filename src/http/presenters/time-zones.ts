// The time zone choice of the settings page: every IANA zone this server's Intl knows, grouped by region
// (America, Europe, ...) as the zone names are, each with its offset from UTC now ("New York (GMT-05:00)").
// Working out 400-odd offsets costs milliseconds, so the list is kept for an hour: offsets change only when
// daylight saving time starts or ends, and an hour late on those two days is harmless.
import { isTimeZone } from '../../settings/user-settings.ts';

export interface ZoneOption {
  value: string;
  label: string;
}

export interface ZoneGroup {
  label: string;
  zones: ZoneOption[];
}

const KEEP_MS = 60 * 60 * 1000;
let kept: { at: number; groups: ZoneGroup[] } | undefined;

function offsetOf(timeZone: string, now: Date): string {
  const part = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  // "GMT" alone is UTC itself.
  return part?.value === 'GMT' ? 'GMT+00:00' : (part?.value ?? '');
}

export function allTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

function build(now: Date): ZoneGroup[] {
  const groups = new Map<string, ZoneOption[]>();
  for (const zone of allTimeZones()) {
    const slash = zone.indexOf('/');
    const region = slash > 0 ? zone.slice(0, slash) : 'UTC';
    const place = (slash > 0 ? zone.slice(slash + 1) : zone).replaceAll('_', ' ').replaceAll('/', ' / ');
    const list = groups.get(region) ?? [];
    list.push({ value: zone, label: `${place} (${offsetOf(zone, now)})` });
    groups.set(region, list);
  }
  return [...groups].sort(([a], [b]) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)))
    .map(([label, zones]) => ({ label, zones: zones.sort((a, b) => a.label.localeCompare(b.label)) }));
}

/**
 * The zones grouped by region; `current` is added when this server's list lacks it but Intl knows it (an alias a
 * browser sent). A zone Intl does not know (a refused form shown again) is not an option.
 */
export function timeZoneGroups(current: string | null, now = new Date()): ZoneGroup[] {
  if (!kept || now.getTime() - kept.at > KEEP_MS) kept = { at: now.getTime(), groups: build(now) };
  if (!current || !isTimeZone(current) || kept.groups.some((g) => g.zones.some((z) => z.value === current))) return kept.groups;
  return [{ label: current.split('/', 1)[0]!, zones: [{ value: current, label: `${current} (${offsetOf(current, now)})` }] }, ...kept.groups];
}
