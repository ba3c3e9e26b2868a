// Steps shared by the settings tests: saving the settings form as a browser does, and reading what it shows.
import type supertest from 'supertest';
import { tokenOf } from '../helpers/app.ts';

type Agent = ReturnType<typeof supertest.agent>;

/** POST /settings with every field of the form: empty (not chosen) unless given. */
export async function saveSettings(agent: Agent, fields: Record<string, string>) {
  return agent.post('/settings').type('form').send({
    _csrf: await tokenOf(agent, '/settings'), timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '', ...fields,
  });
}

/** What the settings form shows as chosen. */
export function shownSettings(html: string) {
  const selected = (id: string) => new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0].match(/<option value="([^"]*)"[^>]* selected>/)?.[1];
  return {
    timeZone: selected('timeZone'),
    language: selected('language'),
    theme: /name="theme" value="(\w+)" checked/.exec(html)?.[1],
    pageSize: /id="pageSize"[^>]* value="([^"]*)"/.exec(html)?.[1],
    remoteImageSenders: /<textarea id="remoteImageSenders"[^>]*>\n([^<]*)<\/textarea>/.exec(html)?.[1],
  };
}
