// View model of GET /settings, and of the form shown again with the user's input and an error next to each field
// that did not fit. Every string comes from the settings catalog, in the page's language.
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { senderEntry } from '../../settings/remote-image-senders.ts';
import type { UserSettings } from '../../settings/user-settings.ts';
import { LANGUAGES, type Language } from '../i18n/catalogs.ts';
import type { RequestLocale } from '../i18n/request-locale.ts';
import { msg, type Translate } from '../i18n/translator.ts';
import { LABEL_COLOURS } from '../../settings/labels.ts';
import { shownLabels } from '../lists/labels.ts';
import { PAGE_SIZE_BOUNDS, type FieldError, type SettingsInput } from '../forms/settings-form.ts';
import { folderLinks } from './folders.ts';
import { timeZoneGroups } from './time-zones.ts';

export interface SettingsPageOptions {
  locale: RequestLocale;
  /** the language Accept-Language asks for: what "automatic" means for this browser */
  browserLanguage: Language;
  /** PAGE_SIZE */
  defaultPageSize: number;
  /** the stored settings could not be read: the form shows the defaults */
  unavailable: boolean;
}

/** The form's fields from stored settings. */
export function settingsInput(settings: UserSettings, t: Translate): SettingsInput {
  return {
    timeZone: settings.timeZone ?? '',
    language: settings.language?.split('-', 1)[0] ?? '',
    theme: settings.theme,
    composeFormat: settings.composeFormat,
    pageSize: settings.pageSize === null ? '' : String(settings.pageSize),
    remoteImageSenders: settings.remoteImageSenders.join('\n'),
    listMode: settings.listMode,
    labels: shownLabels(settings.labels, t).map((l) => ({ ...l, remove: false })),
  };
}

// The regions of the IANA zone names, in the reader's language; the places stay as the tz database names them.
const REGIONS: Record<string, string> = {
  UTC: msg('settings:regions.utc'), Africa: msg('settings:regions.africa'), America: msg('settings:regions.america'),
  Antarctica: msg('settings:regions.antarctica'), Arctic: msg('settings:regions.arctic'), Asia: msg('settings:regions.asia'),
  Atlantic: msg('settings:regions.atlantic'), Australia: msg('settings:regions.australia'), Europe: msg('settings:regions.europe'),
  Indian: msg('settings:regions.indian'), Pacific: msg('settings:regions.pacific'),
};

const COLOUR_NAMES: Record<(typeof LABEL_COLOURS)[number], string> = {
  red: msg('settings:labels.colours.red'), orange: msg('settings:labels.colours.orange'), yellow: msg('settings:labels.colours.yellow'),
  green: msg('settings:labels.colours.green'), teal: msg('settings:labels.colours.teal'), blue: msg('settings:labels.colours.blue'),
  purple: msg('settings:labels.colours.purple'), pink: msg('settings:labels.colours.pink'), grey: msg('settings:labels.colours.grey'),
};

/** A language's own name for itself: people look for "Deutsch", not "German". */
const endonym = (language: Language) => new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;

export function settingsPage(
  folders: MailboxSummary[], input: SettingsInput, errors: Partial<Record<keyof SettingsInput, FieldError>>, opts: SettingsPageOptions,
) {
  const { t } = opts.locale;
  const error = (field: keyof SettingsInput) => {
    const e = errors[field];
    return e ? t(e.key, e.values) : undefined;
  };
  const senders = new Set(input.remoteImageSenders.split(/\r\n|\r|\n/).map((s) => senderEntry(s)).filter(Boolean)).size;
  const zone = input.timeZone || null;
  return {
    title: t('settings:title'),
    currentPage: 'settings',
    folders: folderLinks(folders, undefined),
    unavailable: opts.unavailable,
    formError: Object.keys(errors).length > 0 ? t('settings:fixErrors') : undefined,
    timeZone: {
      value: input.timeZone,
      error: error('timeZone'),
      groups: timeZoneGroups(zone).map((g) => ({ ...g, label: REGIONS[g.label] ? t(REGIONS[g.label]!) : g.label })),
      now: opts.locale.timeZoneChosen ? opts.locale.dates.full(new Date()) : undefined,
    },
    language: {
      value: input.language,
      error: error('language'),
      options: [
        { value: '', label: t('settings:region.languageAuto', { current: endonym(opts.browserLanguage) }), lang: undefined },
        ...LANGUAGES.map((l) => ({ value: l, label: endonym(l), lang: l })),
      ],
    },
    theme: {
      value: input.theme,
      error: error('theme'),
      options: [
        { value: 'system', label: t('settings:appearance.themeSystem'), help: t('settings:appearance.themeSystemHelp') },
        { value: 'light', label: t('settings:appearance.themeLight'), help: undefined },
        { value: 'dark', label: t('settings:appearance.themeDark'), help: undefined },
      ],
    },
    composeFormat: {
      value: input.composeFormat,
      options: [
        { value: 'text', label: t('settings:writing.plain'), help: undefined },
        { value: 'html', label: t('settings:writing.html'), help: t('settings:writing.htmlHelp') },
      ],
    },
    pageSize: {
      value: input.pageSize,
      error: error('pageSize'),
      ...PAGE_SIZE_BOUNDS,
      placeholder: String(opts.defaultPageSize),
      help: t('settings:list.pageSizeHelp', { ...PAGE_SIZE_BOUNDS, default: opts.defaultPageSize }),
    },
    listMode: {
      value: input.listMode || 'messages',
      error: error('listMode'),
      options: [
        { value: 'messages', label: t('settings:list.modeMessages') }, { value: 'conversations', label: t('settings:list.modeConversations') },
      ],
    },
    labels: {
      error: error('labels'),
      // The rows as they are, then one empty row for a new label.
      rows: [...input.labels, { keyword: '', name: '', colour: 'grey', remove: false }].map((row, i) => ({ ...row, index: i })),
      colours: LABEL_COLOURS.map((c) => ({ value: c, label: t(COLOUR_NAMES[c]) })),
    },
    senders: {
      value: input.remoteImageSenders,
      error: error('remoteImageSenders'),
      count: t('settings:privacy.sendersCount', { count: senders }),
    },
  };
}

export type SettingsPage = ReturnType<typeof settingsPage>;
