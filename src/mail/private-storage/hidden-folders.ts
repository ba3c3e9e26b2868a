// Folders Postern keeps for itself. The settings store (src/settings) falls back to one message per document
// in a folder of its own on servers without METADATA (RFC 5464); people should not see, file into, rename or
// delete it from Postern, so the folder tree leaves it out. The name lives here, below both, because src/mail
// must not import src/settings. Other clients may still show it: it is created unsubscribed, and its name says
// what it is.
export const SETTINGS_FOLDER_NAME = 'Postern Settings';

/** Top level in the personal namespace: Courier refuses folders outside its "INBOX." prefix. */
export function settingsFolderPath(prefix: string): string {
  return prefix + SETTINGS_FOLDER_NAME;
}

export function isSettingsFolder(path: string, prefix: string): boolean {
  return path === settingsFolderPath(prefix);
}
