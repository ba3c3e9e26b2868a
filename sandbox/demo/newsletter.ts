// A newsletter as mass mailers build them: table layout, inline styles, a <style> block,
// remote images (one over plain http) and a 1x1 tracking pixel. Postern must show it without
// fetching any of those until the reader asks for remote content.
import { DEMO } from './catalog.ts';

const img = `https://${DEMO.remote.host}/newsletter/42`;
const link = (path: string) => `https://newsletter.example.com/r/42/${path}?utm_source=newsletter&amp;utm_medium=email`;

const stories = [
  {
    title: DEMO.phrases.newsletterHeadline,
    image: `${img}/search.png`,
    text: 'Server-side SORT and ESEARCH mean the second page of a 100,000 message inbox loads as fast as the first.',
    path: 'search',
  },
  {
    title: 'Dark mode lands in the folder tree',
    image: `http://${DEMO.remote.host}/newsletter/42/dark-mode.jpg`,
    text: 'The sidebar now follows your system theme. Unread counts keep their contrast in both modes.',
    path: 'dark-mode',
  },
  {
    title: 'Meet the team in Zürich',
    image: `${img}/zurich.jpg`,
    text: 'We are hosting an evening of talks on mail security on the 14th. Seats are limited.',
    path: 'meetup',
  },
];

export function newsletterHtml(): string {
  const rows = stories
    .map(
      (s) => `
        <tr>
          <td style="padding: 16px 24px; border-bottom: 1px solid #e5e7eb">
            <a href="${link(s.path)}"><img src="${s.image}" width="552" height="180" alt="${s.title}" style="display: block; width: 100%; height: auto; border: 0"></a>
            <h2 style="font-size: 20px; margin: 12px 0 4px; color: #111827">${s.title}</h2>
            <p style="font-size: 15px; line-height: 1.5; color: #374151; margin: 0">${s.text}</p>
            <p style="margin: 8px 0 0"><a href="${link(s.path)}" style="color: #1d4ed8; font-weight: bold; text-decoration: none">Read more &rarr;</a></p>
          </td>
        </tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width">
<title>The Postern Post #42</title>
<style>
  body { margin: 0; background: #f3f4f6; }
  @media (max-width: 600px) { .container { width: 100% !important; } }
</style>
</head>
<body style="margin: 0; padding: 0; background-color: #f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" bgcolor="#f3f4f6">
  <tr>
    <td align="center" style="padding: 24px 0">
      <table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" style="background: #ffffff; border-radius: 8px; font-family: Helvetica, Arial, sans-serif">
        <tr>
          <td style="padding: 24px; background-color: #1d4ed8; border-radius: 8px 8px 0 0">
            <img src="${img}/masthead.png" width="200" height="40" alt="The Postern Post">
            <p style="color: #dbeafe; font-size: 13px; margin: 8px 0 0">Issue 42 &middot; product news for people who read a lot of mail</p>
          </td>
        </tr>${rows}
        <tr>
          <td style="padding: 16px 24px">
            <table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="font-size: 14px; border-collapse: collapse">
              <tr style="background: #eff6ff"><th align="left">Release</th><th align="left">Date</th><th align="right">Fixes</th></tr>
              <tr><td>0.9.2</td><td>3 March</td><td align="right">14</td></tr>
              <tr><td>0.9.3</td><td>17 March</td><td align="right">9</td></tr>
              <tr><td><b>1.0</b></td><td>planned</td><td align="right">&ndash;</td></tr>
            </table>
          </td>
        </tr>
        <tr>
          <td style="padding: 16px 24px; font-size: 12px; color: #6b7280; text-align: center">
            You receive this because you subscribed at newsletter.example.com.<br>
            <a href="https://newsletter.example.com/unsubscribe?u=7f3a9c" style="color: #6b7280">Unsubscribe</a> &middot;
            <a href="https://newsletter.example.com/archive/42" style="color: #6b7280">View in browser</a>
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
<img src="${DEMO.remote.trackingPixel}" width="1" height="1" alt="" style="border: 0; width: 1px; height: 1px">
</body>
</html>
`;
}

export function newsletterText(): string {
  const body = stories
    .map((s) => `${s.title.toUpperCase()}\n\n${s.text}\nRead more: ${link(s.path).replace(/&amp;/g, '&')}\n`)
    .join('\n');
  return (
    'THE POSTERN POST - ISSUE 42\n===========================\n\n' +
    body +
    '\nRelease    Date       Fixes\n0.9.2      3 March    14\n0.9.3      17 March    9\n1.0        planned     -\n\n' +
    '--\nUnsubscribe: https://newsletter.example.com/unsubscribe?u=7f3a9c\n'
  );
}
